import { Button, Checkbox, Group, Modal, Select, Stack, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Database as DatabaseIcon, KeyRound, Link2, Play, Plus, RotateCw, ScrollText, Square, Trash2 } from "lucide-react";
import { useState } from "react";
import { api, unwrap } from "../../api/client";
import { errorFor, formError } from "../../api/problem";
import { applicationsQuery, serversQuery } from "../../api/queries";
import type { components } from "../../api/schema.gen";
import { STATUS_TONE, type Status } from "../../lib/status";
import { Badge } from "../../ui/Badge";
import { ConfirmDialog } from "../../ui/ConfirmDialog";
import { CopyButton } from "../../ui/CopyButton";
import { EmptyState } from "../../ui/EmptyState";
import { Field, FormError } from "../../ui/Field";
import { LogView } from "../../ui/LogView";
import { QueryState } from "../../ui/QueryState";

type DatabaseRead = components["schemas"]["DatabaseRead"];
type Engine = components["schemas"]["DatabaseEngine"];
type ConnectionDetails = components["schemas"]["ConnectionDetails"];

const ENGINES: { value: Engine; label: string; version: string }[] = [
  { value: "postgresql", label: "PostgreSQL", version: "17" },
  { value: "mysql", label: "MySQL", version: "8.4" },
  { value: "mariadb", label: "MariaDB", version: "11.4" },
  { value: "mongodb", label: "MongoDB", version: "8" },
  { value: "redis", label: "Redis", version: "7.4" },
];

/** A database's status in the one palette: its own word, the run status's colour and icon. */
const STATUS_OF: Record<DatabaseRead["status"], Status> = {
  pending: "queued",
  starting: "deploying",
  healthy: "healthy",
  unhealthy: "failed",
  stopped: "stopped",
  failed: "failed",
};

const databasesKey = (environmentId: string) => ["environments", environmentId, "databases"] as const;

export function DatabasesPanel({ orgId, environmentId }: { orgId: string; environmentId: string }) {
  const [creating, setCreating] = useState(false);
  const databases = useQuery({
    queryKey: databasesKey(environmentId),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/environments/{environment_id}/databases", {
          params: { path: { environment_id: environmentId }, query: { limit: 100 } },
        }),
      ),
    // Until every database settles (created, started, stopped), watch it turn.
    refetchInterval: (query) =>
      query.state.data?.items.some((d) => d.status === "pending" || d.status === "starting") ? 2000 : false,
  });
  return (
    <section aria-labelledby="databases-heading">
      <div className="title-row">
        <h2 id="databases-heading">Databases</h2>
        <Button variant="default" leftSection={<Plus size={16} aria-hidden />} onClick={() => setCreating(true)}>
          New database
        </Button>
      </div>
      <QueryState query={databases}>
        {(page) =>
          page.items.length === 0 ? (
            <EmptyState title="No databases in this environment">
              Create PostgreSQL, MySQL, MariaDB, MongoDB or Redis on one of your servers, private to this environment, then
              link it to an application: it gets the connection URL at its next deploy.
            </EmptyState>
          ) : (
            <div role="list" aria-label="Databases" className="stack">
              {page.items.map((database) => (
                <div role="listitem" key={database.id}>
                  <DatabaseCard database={database} environmentId={environmentId} />
                </div>
              ))}
            </div>
          )
        }
      </QueryState>
      <CreateDatabaseModal orgId={orgId} environmentId={environmentId} opened={creating} onClose={() => setCreating(false)} />
    </section>
  );
}

function DatabaseCard({ database, environmentId }: { database: DatabaseRead; environmentId: string }) {
  const client = useQueryClient();
  const [dialog, setDialog] = useState<"reveal" | "logs" | "link" | "delete" | null>(null);
  const status = STATUS_OF[database.status];
  const refresh = () => client.invalidateQueries({ queryKey: databasesKey(environmentId) });
  const act = useMutation({
    mutationFn: (action: "start" | "stop" | "restart") =>
      unwrap(
        api.POST(`/api/v1/databases/{database_id}/${action}`, {
          params: { path: { database_id: database.id } },
        }),
      ),
    onSuccess: (_, action) => {
      notifications.show({ title: `${database.name}: ${action} requested`, message: "The server follows in a few seconds." });
      void refresh();
    },
    onError: (error) => notifications.show({ color: "red", title: "Not done", message: formError(error, []) }),
  });
  return (
    <article className="card" aria-label={`Database ${database.name}`}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs">
          <DatabaseIcon size={18} aria-hidden />
          <strong>{database.name}</strong>
          <Badge tone={STATUS_TONE[status]} status={status}>
            {database.status}
          </Badge>
        </Group>
        <Group gap="xs" wrap="wrap">
          <Button variant="default" size="xs" leftSection={<KeyRound size={14} aria-hidden />} onClick={() => setDialog("reveal")}>
            Connection
          </Button>
          <Button variant="default" size="xs" leftSection={<Link2 size={14} aria-hidden />} onClick={() => setDialog("link")}>
            Link to app
          </Button>
          <Button variant="default" size="xs" leftSection={<ScrollText size={14} aria-hidden />} onClick={() => setDialog("logs")}>
            Logs
          </Button>
          {database.desired_state === "stopped" ? (
            <Button variant="default" size="xs" leftSection={<Play size={14} aria-hidden />} loading={act.isPending} onClick={() => act.mutate("start")}>
              Start
            </Button>
          ) : (
            <Button variant="default" size="xs" leftSection={<Square size={14} aria-hidden />} loading={act.isPending} onClick={() => act.mutate("stop")}>
              Stop
            </Button>
          )}
          <Button variant="default" size="xs" leftSection={<RotateCw size={14} aria-hidden />} loading={act.isPending} onClick={() => act.mutate("restart")}>
            Restart
          </Button>
          <Button variant="outline" color="var(--tone-bad)" size="xs" leftSection={<Trash2 size={14} aria-hidden />} onClick={() => setDialog("delete")}>
            Delete
          </Button>
        </Group>
      </Group>
      <dl className="facts">
        <dt>Engine</dt>
        <dd>
          {database.engine} · <code>{database.image}</code>
        </dd>
        <dt>Private address</dt>
        <dd>
          <code>
            {database.internal_host}:{database.port}
          </code>
        </dd>
        {database.external_address && (
          <>
            <dt>Public address</dt>
            <dd>
              <code>{database.external_address}</code> <span className="muted">(exposed to the internet)</span>
            </dd>
          </>
        )}
        {database.status_reason && (
          <>
            <dt>Reason</dt>
            <dd>{database.status_reason}</dd>
          </>
        )}
      </dl>
      <RevealModal database={database} opened={dialog === "reveal"} onClose={() => setDialog(null)} />
      <LinkModal database={database} environmentId={environmentId} opened={dialog === "link"} onClose={() => setDialog(null)} />
      <LogsModal database={database} opened={dialog === "logs"} onClose={() => setDialog(null)} />
      <DeleteDialog database={database} opened={dialog === "delete"} onClose={() => setDialog(null)} onDeleted={refresh} />
    </article>
  );
}

function CreateDatabaseModal({
  orgId,
  environmentId,
  opened,
  onClose,
}: {
  orgId: string;
  environmentId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const client = useQueryClient();
  const servers = useQuery(serversQuery(orgId));
  const [name, setName] = useState("");
  const [engine, setEngine] = useState<Engine>("postgresql");
  const [version, setVersion] = useState("");
  const [serverId, setServerId] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/environments/{environment_id}/databases", {
          params: { path: { environment_id: environmentId } },
          body: { name, engine, server_id: serverId ?? "", ...(version ? { version } : {}) },
        }),
      ),
    onSuccess: (database) => {
      notifications.show({ title: `Creating ${database.name}`, message: "Its status turns healthy once the server runs it." });
      void client.invalidateQueries({ queryKey: databasesKey(environmentId) });
      setName("");
      setVersion("");
      onClose();
    },
  });
  const defaultVersion = ENGINES.find((e) => e.value === engine)?.version ?? "";
  return (
    <Modal opened={opened} onClose={onClose} title="New database" centered>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate();
        }}
      >
        <Stack gap="sm">
          <Field label="Name" error={errorFor(create.error, "body.name")} hint="Lower-case letters, digits and hyphens">
            {(props) => <TextInput {...props} value={name} onChange={(e) => setName(e.currentTarget.value)} required data-autofocus />}
          </Field>
          <Select
            label="Engine"
            data={ENGINES.map(({ value, label }) => ({ value, label }))}
            value={engine}
            onChange={(value) => value && setEngine(value as Engine)}
            allowDeselect={false}
          />
          <Field label="Version" error={errorFor(create.error, "body.version")} hint={`Official image tag; empty: ${defaultVersion}`}>
            {(props) => (
              <TextInput {...props} value={version} placeholder={defaultVersion} onChange={(e) => setVersion(e.currentTarget.value)} />
            )}
          </Field>
          <Select
            label="Server"
            placeholder={servers.isPending ? "Loading…" : "Choose a server"}
            data={(servers.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
            value={serverId}
            onChange={setServerId}
            error={errorFor(create.error, "body.server_id")}
            required
          />
          <FormError message={formError(create.error, ["body.name", "body.version", "body.server_id"])} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!name || !serverId}>
              Create
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function RevealModal({ database, opened, onClose }: { database: DatabaseRead; opened: boolean; onClose: () => void }) {
  const [details, setDetails] = useState<ConnectionDetails | null>(null);
  const reveal = useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/v1/databases/{database_id}/credentials/reveal", { params: { path: { database_id: database.id } } })),
    onSuccess: setDetails,
  });
  const close = () => {
    setDetails(null); // never kept around once the dialog closes
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={`Connect to ${database.name}`} centered size="lg">
      <Stack gap="sm">
        <dl className="facts">
          <dt>Host</dt>
          <dd>
            <code>{database.internal_host}</code> (on this environment's private network)
          </dd>
          <dt>Port</dt>
          <dd>{database.port}</dd>
          <dt>Database</dt>
          <dd>{database.database_name}</dd>
          <dt>User</dt>
          <dd>{database.username}</dd>
        </dl>
        {details ? (
          <>
            <TextInput label="Connection URL" value={details.url} readOnly />
            <Group gap="xs">
              <CopyButton text={details.url} label="Copy URL" />
              <CopyButton text={details.password} label="Copy password" />
              {details.external_url && <CopyButton text={details.external_url} label="Copy public URL" />}
            </Group>
          </>
        ) : (
          <>
            <Text size="sm" className="muted">
              The password is shown on request only, and each reveal is recorded in the audit log.
            </Text>
            <FormError message={formError(reveal.error, [])} />
            <Group>
              <Button onClick={() => reveal.mutate()} loading={reveal.isPending} leftSection={<KeyRound size={16} aria-hidden />}>
                Reveal credentials
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Modal>
  );
}

function LinkModal({
  database,
  environmentId,
  opened,
  onClose,
}: {
  database: DatabaseRead;
  environmentId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const applications = useQuery({ ...applicationsQuery(environmentId), enabled: opened });
  const [appId, setAppId] = useState<string | null>(null);
  const [variable, setVariable] = useState("DATABASE_URL");
  const link = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/applications/{application_id}/links", {
          params: { path: { application_id: appId ?? "" } },
          body: { database_id: database.id, variable },
        }),
      ),
    onSuccess: () => {
      notifications.show({ title: "Linked", message: `${variable} reaches the application at its next deploy.` });
      onClose();
    },
  });
  const sameServer = (applications.data?.items ?? []).filter((a) => a.server_id === database.server_id);
  return (
    <Modal opened={opened} onClose={onClose} title={`Link ${database.name} to an application`} centered>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          link.mutate();
        }}
      >
        <Stack gap="sm">
          <Select
            label="Application"
            description="Applications of this environment on the database's server"
            data={sameServer.map((a) => ({ value: a.id, label: a.name }))}
            value={appId}
            onChange={setAppId}
            nothingFoundMessage="No application on this server"
            required
          />
          <Field label="Variable" error={errorFor(link.error, "body.variable")} hint="The connection URL arrives under this name">
            {(props) => <TextInput {...props} value={variable} onChange={(e) => setVariable(e.currentTarget.value)} required />}
          </Field>
          <FormError message={formError(link.error, ["body.variable"])} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={link.isPending} disabled={!appId}>
              Link
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function LogsModal({ database, opened, onClose }: { database: DatabaseRead; opened: boolean; onClose: () => void }) {
  const logs = useQuery({
    queryKey: ["databases", database.id, "logs"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/databases/{database_id}/logs", { params: { path: { database_id: database.id }, query: { tail: 200 } } })),
    enabled: opened,
    refetchInterval: opened ? 5000 : false,
  });
  return (
    <Modal opened={opened} onClose={onClose} title={`${database.name}: logs`} centered size="xl">
      <QueryState query={logs}>
        {(data) => (
          <LogView
            lines={data.lines.map((l) => `${l.timestamp ? new Date(l.timestamp).toLocaleTimeString([], { hour12: false }) + " " : ""}${l.message}`)}
            label="Database log"
            emptyText="No output yet: the database has not started on its server."
          />
        )}
      </QueryState>
    </Modal>
  );
}

function DeleteDialog({
  database,
  opened,
  onClose,
  onDeleted,
}: {
  database: DatabaseRead;
  opened: boolean;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const [withVolume, setWithVolume] = useState(false);
  const remove = useMutation({
    mutationFn: () =>
      unwrap(
        api.DELETE("/api/v1/databases/{database_id}", {
          params: { path: { database_id: database.id }, query: { delete_volume: withVolume } },
        }),
      ),
    onSuccess: () => {
      notifications.show({
        color: "teal",
        title: `Deleted ${database.name}`,
        message: withVolume ? "The service and its data are gone." : `The volume ${database.volume_name} stays on the server.`,
      });
      onClose();
      onDeleted();
    },
  });
  return (
    <ConfirmDialog
      opened={opened}
      title={`Delete database ${database.name}?`}
      confirmLabel="Delete database"
      typeToConfirm={database.name}
      pending={remove.isPending}
      error={formError(remove.error, [])}
      onConfirm={() => remove.mutate()}
      onClose={onClose}
    >
      <Stack gap="xs" component="span">
        <span>Its service stops and linked applications lose their variable at their next deploy.</span>
        <Checkbox
          label={`Also delete the volume ${database.volume_name}: every row, for good`}
          checked={withVolume}
          onChange={(event) => setWithVolume(event.currentTarget.checked)}
        />
      </Stack>
    </ConfirmDialog>
  );
}
