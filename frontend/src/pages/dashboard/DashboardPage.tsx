import { Anchor, Card, Group, Paper, Progress, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useQueries, useQuery } from "@tanstack/react-query";
import { AppWindow, CircleX, Server as ServerIcon } from "lucide-react";
import { memo } from "react";
import { Link } from "react-router";
import type { Schemas } from "../../api/client";
import { latestDeploymentsQuery, latestSetupQuery, serversQuery } from "../../api/queries";
import { useInventory, type InventoryApplication } from "../../hooks/useInventory";
import { useOrgId } from "../../hooks/useOrgId";
import { usePageTitle } from "../../hooks/usePageTitle";
import { applicationStatus } from "../../lib/applicationStatus";
import { isTerminal } from "../../lib/deploymentStatus";
import { StatusBadge } from "../../ui/Badge";
import { EmptyState } from "../../ui/EmptyState";
import { LastDeployment } from "../../ui/LastDeployment";
import { ListSkeleton, PageSkeleton } from "../../ui/QueryState";
import { RelativeTime } from "../../ui/RelativeTime";
import { ServerStatusBadge } from "../servers/ServerStatusBadge";

// Polling, not one SSE stream per app: a dashboard of 200 apps would hold 200 streams.
// Ten seconds is fresher than anyone re-reads a dashboard; while something deploys, two.
const REFRESH_MS = 10_000;
const BUSY_REFRESH_MS = 2_000;

export function DashboardPage() {
  const orgId = useOrgId();
  usePageTitle("Dashboard");
  const inventory = useInventory(orgId, { refetchInterval: REFRESH_MS });
  const servers = useQuery({ ...serversQuery(orgId), refetchInterval: REFRESH_MS });
  const deployments = useQueries({
    queries: inventory.applications.map(({ app }) => ({
      ...latestDeploymentsQuery(app.id),
      // Only once every application is listed: the browser opens six connections to the
      // API, and a row's last deployment queued ahead of the next environment's application
      // list delays the rows themselves (bench/dashboard.py measured it with 200 apps).
      enabled: !inventory.isPending,
      refetchInterval: (query: { state: { data?: Schemas["Page_DeploymentRead_"] } }) =>
        query.state.data?.items.some((d) => !isTerminal(d.status)) ? BUSY_REFRESH_MS : REFRESH_MS,
    })),
  });
  const setups = useQueries({
    queries: (servers.data?.items ?? []).map((server) => ({ ...latestSetupQuery(server.id), refetchInterval: REFRESH_MS })),
  });
  if (inventory.isPending && inventory.projects.length === 0) return <PageSkeleton rows={6} />;
  const serverById = new Map((servers.data?.items ?? []).map((s) => [s.id, s]));
  const rows = inventory.applications.map((item, i) => {
    const latest = deployments[i]?.data?.items;
    return { ...item, latest, state: applicationStatus(item.app, latest?.[0]) };
  });
  const healthy = rows.filter((r) => r.state.status === "healthy").length;
  const failing = rows.filter((r) => r.state.status === "failed" || r.state.status === "rolled back").length;
  const serverItems = servers.data?.items ?? [];
  const reachable = serverItems.filter((s) => s.status === "reachable").length;
  const failedDeployments = rows
    .flatMap((r) => (r.latest ?? []).filter((d) => d.status === "failed").map((d) => ({ deployment: d, row: r })))
    .sort((a, b) => b.deployment.created_at.localeCompare(a.deployment.created_at))
    .slice(0, 5);
  const failedSetups = serverItems
    .map((server, i) => ({ server, setup: setups[i]?.data?.items[0] }))
    .filter((x): x is { server: Schemas["ServerRead"]; setup: Schemas["ServerSetupRead"] } => x.setup?.status === "failed");
  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>Dashboard</Title>
        <Text className="muted">What runs where, and what needs a look. Refreshes every {REFRESH_MS / 1000} s.</Text>
      </div>
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="md">
        <Stat label="Applications" value={rows.length} detail={`${healthy} healthy${failing ? `, ${failing} failing` : ""}`} />
        <Stat label="Servers" value={serverItems.length} detail={`${reachable} reachable`} />
        <Stat label="Projects" value={inventory.projects.length} detail={`${inventory.environments.length} environment${inventory.environments.length === 1 ? "" : "s"}`} />
      </SimpleGrid>

      {(failedDeployments.length > 0 || failedSetups.length > 0) && (
        <section aria-labelledby="attention">
          <Title order={2} id="attention" mb="sm">
            Needs attention
          </Title>
          <Paper withBorder radius="md" className="attention">
            <ul className="list plain" aria-label="Latest failures">
              {failedDeployments.map(({ deployment, row }) => (
                <li key={deployment.id}>
                  <CircleX size={16} color="var(--tone-bad)" aria-hidden />
                  <Anchor component={Link} to={`/orgs/${orgId}/deployments/${deployment.id}`} fw={600}>
                    {row.app.name}: deployment failed
                  </Anchor>
                  <span className="muted">{deployment.error?.split("\n")[0] ?? "see its log"}</span>
                  <span className="muted">
                    <RelativeTime iso={deployment.created_at} />
                  </span>
                </li>
              ))}
              {failedSetups.map(({ server, setup }) => (
                <li key={setup.id}>
                  <CircleX size={16} color="var(--tone-bad)" aria-hidden />
                  <Anchor component={Link} to={`/orgs/${orgId}/servers/${server.id}`} fw={600}>
                    {server.name}: setup failed
                  </Anchor>
                  <span className="muted">{setup.error?.split("\n")[0] ?? "see its log"}</span>
                  <span className="muted">
                    <RelativeTime iso={setup.created_at} />
                  </span>
                </li>
              ))}
            </ul>
          </Paper>
        </section>
      )}

      <section aria-labelledby="dash-apps">
        <Title order={2} id="dash-apps" mb="sm">
          <Group gap={8} component="span">
            <AppWindow size={20} aria-hidden /> Applications
          </Group>
        </Title>
        {inventory.isPending && rows.length === 0 ? (
          <ListSkeleton />
        ) : rows.length === 0 ? (
          <EmptyState title="Nothing deployed yet">
            {inventory.projects.length === 0 ? (
              <>
                <Link to={`/orgs/${orgId}/projects`}>Create a project</Link>, add a server, then an application in one of the
                project's environments.
              </>
            ) : (
              <>Open a project's environment and create an application there.</>
            )}
          </EmptyState>
        ) : (
          <Paper withBorder radius="md" className="table-wrap">
            <Table aria-label="Applications" verticalSpacing="sm" highlightOnHover className="dash-apps">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Application</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Server</Table.Th>
                  <Table.Th>Domain</Table.Th>
                  <Table.Th>Last deployment</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => (
                  <AppRow
                    key={row.app.id}
                    orgId={orgId}
                    app={row.app}
                    project={row.project}
                    environment={row.environment}
                    latest={row.latest}
                    server={serverById.get(row.app.server_id)}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        )}
      </section>

      <section aria-labelledby="dash-servers">
        <Title order={2} id="dash-servers" mb="sm">
          <Group gap={8} component="span">
            <ServerIcon size={20} aria-hidden /> Servers
          </Group>
        </Title>
        {servers.isPending ? (
          <ListSkeleton rows={2} />
        ) : serverItems.length === 0 ? (
          <EmptyState title="No servers yet">
            <Link to={`/orgs/${orgId}/servers`}>Add a server</Link> you can reach over SSH; Berth sets up Swarm and Traefik on it.
          </EmptyState>
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
            {serverItems.map((server) => (
              <ServerCard key={server.id} orgId={orgId} server={server} />
            ))}
          </SimpleGrid>
        )}
      </section>
    </Stack>
  );
}

function Stat({ label, value, detail }: { label: string; value: number; detail: string }) {
  return (
    <Paper withBorder radius="md" p="md" className="stat">
      <Text size="sm" className="muted" fw={600}>
        {label}
      </Text>
      <Text fz={28} fw={700} lh={1.2}>
        {value}
      </Text>
      <Text size="sm" className="muted">
        {detail}
      </Text>
    </Paper>
  );
}

/**
 * One application's row, memoised on props that are the query cache's own objects: each of
 * the 200 last-deployment answers then redraws its own row, not the whole table again
 * (bench/dashboard.py: that quadratic redraw dominated the load with 200 apps).
 */
const AppRow = memo(function AppRow({
  orgId,
  app,
  project,
  environment,
  latest,
  server,
}: {
  orgId: string;
  app: InventoryApplication["app"];
  project: InventoryApplication["project"];
  environment: InventoryApplication["environment"];
  latest: Schemas["DeploymentRead"][] | undefined;
  server: Schemas["ServerRead"] | undefined;
}) {
  const state = applicationStatus(app, latest?.[0]);
  return (
    <Table.Tr data-app={app.name}>
      <Table.Td>
        <Anchor component={Link} to={`/orgs/${orgId}/applications/${app.id}`} fw={600}>
          {app.name}
        </Anchor>
        <Text size="xs" className="muted">
          {project.name} / {environment.name}
        </Text>
      </Table.Td>
      <Table.Td>
        <StatusBadge status={state.status} label={state.label} />
      </Table.Td>
      <Table.Td>
        {server ? (
          <Anchor component={Link} to={`/orgs/${orgId}/servers/${server.id}`} size="sm">
            {server.name}
          </Anchor>
        ) : (
          "—"
        )}
      </Table.Td>
      <Table.Td>
        {app.hostname ? (
          <Anchor href={`http://${app.hostname}`} target="_blank" rel="noreferrer" size="sm" className="break">
            {app.hostname}
          </Anchor>
        ) : (
          <span className="muted">—</span>
        )}
      </Table.Td>
      <Table.Td>
        {latest === undefined ? <span className="muted">…</span> : <LastDeployment orgId={orgId} deployment={latest[0]} />}
      </Table.Td>
    </Table.Tr>
  );
});

const gb = (bytes: number | null | undefined) => (bytes ? `${(bytes / 1e9).toFixed(1)} GB` : "—");

function ServerCard({ orgId, server }: { orgId: string; server: Schemas["ServerRead"] }) {
  const f = server.facts;
  const diskUsed = f.disk_total_bytes && f.disk_free_bytes != null ? Math.round((1 - f.disk_free_bytes / f.disk_total_bytes) * 100) : undefined;
  return (
    <Card withBorder radius="md" padding="md" className="server-card" data-server={server.name}>
      <Group justify="space-between" wrap="nowrap" mb={6}>
        <Anchor component={Link} to={`/orgs/${orgId}/servers/${server.id}`} fw={600}>
          {server.name}
        </Anchor>
        <ServerStatusBadge server={server} />
      </Group>
      <Text size="sm" className="muted">
        {server.host} · checked <RelativeTime iso={server.last_checked_at} />
      </Text>
      {f.docker_version ? (
        <Stack gap={4} mt="sm">
          <Text size="sm">
            {f.cpus ?? "—"} CPUs · {gb(f.memory_bytes)} memory · Docker {f.docker_version}
          </Text>
          {diskUsed !== undefined && (
            <>
              <Text size="sm">
                Disk {diskUsed}% used ({gb(f.disk_free_bytes)} free of {gb(f.disk_total_bytes)})
              </Text>
              <div aria-hidden>
                <Progress value={diskUsed} size="sm" color={diskUsed > 90 ? "var(--tone-bad)" : diskUsed > 75 ? "var(--tone-warn)" : "var(--tone-good)"} />
              </div>
            </>
          )}
        </Stack>
      ) : (
        <Text size="sm" className="muted" mt="sm">
          No facts yet: they are collected by the connection check and setup.
        </Text>
      )}
    </Card>
  );
}
