import { Alert, Button, Code, Group, Paper, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { PlugZap, TriangleAlert } from "lucide-react";
import { useNavigate } from "react-router";
import { api, type Schemas, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { formError } from "../../api/problem";
import { useOrgId, useParam } from "../../hooks/useOrgId";
import { CopyButton } from "../../ui/CopyButton";
import { DangerZone } from "../../ui/DangerZone";
import { FormError } from "../../ui/Field";
import { Crumbs } from "../../ui/Crumbs";
import { PageSkeleton, QueryState } from "../../ui/QueryState";
import { RelativeTime } from "../../ui/RelativeTime";
import { HostKeyPanel } from "./HostKeyPanel";
import { ProxySettingsPanel } from "./ProxySettingsPanel";
import { ServerSetupPanel } from "./ServerSetupPanel";
import { ServerStatusBadge } from "./ServerStatusBadge";
import { usePageTitle } from "../../hooks/usePageTitle";

export function ServerPage() {
  const orgId = useOrgId();
  const serverId = useParam("serverId");
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const server = useQuery({
    queryKey: keys.server(serverId).all,
    queryFn: () => unwrap(api.GET("/api/v1/servers/{server_id}", { params: { path: { server_id: serverId } } })),
    refetchInterval: 30_000,
  });
  usePageTitle(server.data?.name);
  return (
    <>
      <Crumbs items={[{ label: "Servers", to: `/orgs/${orgId}/servers` }, { label: server.data?.name }]} />
      <QueryState query={server} skeleton={<PageSkeleton rows={5} />}>
        {(s) => (
          <>
            <div className="title-row">
              <h1>{s.name}</h1>
              <ServerStatusBadge server={s} />
            </div>
            <p className="muted">
              {s.username}@{s.host}:{s.port}
              {s.base_domain && <> · apps at *.{s.base_domain}</>}
            </p>
            {s.status_reason && (
              <Alert color="red" variant="light" icon={<TriangleAlert size={18} aria-hidden />} mb="md">
                {s.status_reason}
              </Alert>
            )}
            {s.kind === "ssh" && (
              <Paper withBorder radius="md" p="md" component="section" aria-label="Access key" className="card">
                <Title order={2} size="h3" mb="sm">
                  1. Let Berth in
                </Title>
                <Text size="sm" mb="xs">
                  Add this public key to <Code>~{s.username}/.ssh/authorized_keys</Code> on the server:
                </Text>
                <div className="row">
                  <pre className="key">{s.public_key}</pre>
                  <CopyButton text={s.public_key} label="Copy public key" />
                </div>
              </Paper>
            )}
            <HostKeyPanel server={s} />
            <CheckPanel server={s} />
            <ServerSetupPanel server={s} />
            <ProxySettingsPanel server={s} />
            <Facts server={s} />
            <DangerZone
              what="server"
              name={s.name}
              consequence="Berth forgets the server and its key; nothing on the machine itself is changed."
              onDelete={() => unwrap(api.DELETE("/api/v1/servers/{server_id}", { params: { path: { server_id: s.id } } }))}
              onDeleted={() => {
                queryClient.removeQueries({ queryKey: keys.server(s.id).all });
                void queryClient.invalidateQueries({ queryKey: keys.org(orgId).servers });
                navigate(`/orgs/${orgId}/servers`);
              }}
            />
          </>
        )}
      </QueryState>
    </>
  );
}

function CheckPanel({ server }: { server: Schemas["ServerRead"] }) {
  const queryClient = useQueryClient();
  const check = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/servers/{server_id}/check", { params: { path: { server_id: server.id } } })),
    onSuccess: (updated) => queryClient.setQueryData(keys.server(server.id).all, updated),
  });
  const blocked = server.host_key_status !== "trusted";
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label="Connection" className="card">
      <Title order={2} size="h3" mb="sm">
        3. Check the connection
      </Title>
      <Group gap="xs" mb="sm">
        <ServerStatusBadge server={server} />
        <Text size="sm" className="muted">
          last checked <RelativeTime iso={server.last_checked_at} />
        </Text>
      </Group>
      <Button variant="default" leftSection={<PlugZap size={16} aria-hidden />} loading={check.isPending} disabled={blocked} onClick={() => check.mutate()}>
        Check now
      </Button>
      <FormError message={formError(check.error, [])} />
    </Paper>
  );
}

function Facts({ server }: { server: Schemas["ServerRead"] }) {
  const f = server.facts;
  const gb = (bytes: number | null | undefined) => (bytes ? `${(bytes / 1e9).toFixed(1)} GB` : "—");
  if (!f.docker_version) return null;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label="Facts" className="card">
      <Title order={2} size="h3" mb="sm">
        Facts
      </Title>
      <dl className="facts">
        <dt>Docker</dt>
        <dd>{f.docker_version}</dd>
        <dt>OS</dt>
        <dd>
          {f.os} ({f.architecture})
        </dd>
        <dt>CPUs / memory</dt>
        <dd>
          {f.cpus ?? "—"} / {gb(f.memory_bytes)}
        </dd>
        <dt>Disk free</dt>
        <dd>
          {gb(f.disk_free_bytes)} of {gb(f.disk_total_bytes)}
        </dd>
        <dt>Swarm</dt>
        <dd>
          {f.swarm_state ?? "—"}
          {f.swarm_manager ? " (manager)" : ""}
        </dd>
        <dt>BuildKit</dt>
        <dd>
          {f.buildkit == null ? "—" : f.buildkit ? `yes (${f.build_cli ?? "docker"})` : "no: build secrets unavailable"}
        </dd>
      </dl>
    </Paper>
  );
}
