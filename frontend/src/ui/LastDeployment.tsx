import { Anchor, Group, Stack, Text } from "@mantine/core";
import { Link } from "react-router";
import type { Schemas } from "../api/client";
import { commitInfo, deploymentDurationMs, shortSha } from "../lib/applicationStatus";
import { durationText } from "../lib/time";
import { RelativeTime } from "./RelativeTime";

/** The newest deployment in one cell: commit message and author when known, sha, when, how long. */
export function LastDeployment({ orgId, deployment }: { orgId: string; deployment: Schemas["DeploymentRead"] | undefined }) {
  if (!deployment) return <span className="muted">never deployed</span>;
  const { message, author } = commitInfo(deployment);
  const ms = deployment.finished_at ? deploymentDurationMs(deployment) : undefined;
  const sha = shortSha(deployment.commit_sha);
  return (
    <Stack gap={0} className="last-deployment">
      <Anchor component={Link} to={`/orgs/${orgId}/deployments/${deployment.id}`} size="sm" lineClamp={1} title={message}>
        {message ?? `${deployment.trigger} deployment`}
      </Anchor>
      <Group gap={6} wrap="wrap">
        <Text size="xs" className="muted">
          {author && <>{author} · </>}
          {sha && (
            <>
              <code title={deployment.commit_sha ?? undefined}>{sha}</code> ·{" "}
            </>
          )}
          <RelativeTime iso={deployment.created_at} />
          {ms !== undefined && <> · took {durationText(ms)}</>}
        </Text>
      </Group>
    </Stack>
  );
}
