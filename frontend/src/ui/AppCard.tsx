import { Anchor, Card, Group, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import type { Schemas } from "../api/client";
import { latestDeploymentsQuery } from "../api/queries";
import { sourceLabel } from "../lib/applicationSource";
import { applicationStatus } from "../lib/applicationStatus";
import { isTerminal } from "../lib/deploymentStatus";
import { STATUS_TONE } from "../lib/status";
import { StatusBadge } from "./Badge";
import { LastDeployment } from "./LastDeployment";

/** An application as a card: status, domain, source and last deployment, the whole card one link away. */
export function AppCard({ orgId, app }: { orgId: string; app: Schemas["ApplicationRead"] }) {
  const latest = useQuery({
    ...latestDeploymentsQuery(app.id),
    refetchInterval: (query) => (query.state.data?.items.some((d) => !isTerminal(d.status)) ? 2000 : 15_000),
  });
  const state = latest.data ? applicationStatus(app, latest.data.items[0]) : undefined;
  return (
    <Card withBorder radius="md" padding="md" className="app-card" data-tone={state ? STATUS_TONE[state.status] : "neutral"} data-app={app.name}>
      <Group justify="space-between" wrap="nowrap" mb={4}>
        <Anchor component={Link} to={`/orgs/${orgId}/applications/${app.id}`} fw={650} size="lg">
          {app.name}
        </Anchor>
        {state && <StatusBadge status={state.status} label={state.label} />}
      </Group>
      <Text size="sm" className="muted break">
        {app.hostname ?? "no host name"}
      </Text>
      <Text size="xs" className="muted break" mb="sm">
        {sourceLabel(app.source)}
      </Text>
      {latest.data && <LastDeployment orgId={orgId} deployment={latest.data.items[0]} />}
    </Card>
  );
}
