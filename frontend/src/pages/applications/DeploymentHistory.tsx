import { Button, Group, Paper, SegmentedControl, Text } from "@mantine/core";
import { type InfiniteData, useMutation, useQueryClient, type UseInfiniteQueryResult } from "@tanstack/react-query";
import { useCallback } from "react";
import { RotateCcw } from "lucide-react";
import { Link, useNavigate } from "react-router";
import { api, type Schemas, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { formError } from "../../api/problem";
import { useNow } from "../../hooks/useNow";
import { useOrgId } from "../../hooks/useOrgId";
import { commitInfo, deploymentDurationMs, shortSha } from "../../lib/applicationStatus";
import { durationText, elapsedText } from "../../lib/time";
import { CopyIcon } from "../../ui/CopyButton";
import { EmptyState } from "../../ui/EmptyState";
import { FormError } from "../../ui/Field";
import { QueryState } from "../../ui/QueryState";
import { RelativeTime } from "../../ui/RelativeTime";
import { VirtualList } from "../../ui/VirtualList";
import { CancelButton } from "../deployments/CancelButton";
import { PhaseBadge } from "../deployments/PhaseBadge";

type Page = Schemas["Page_DeploymentRead_"];
type Deployment = Schemas["DeploymentRead"];

type State = Schemas["DeploymentState"];

/** The status filter's choices, each the API's `state` values: the API filters, so every page holds only matching rows. */
export const HISTORY_FILTERS = {
  all: { label: "All", states: null },
  running: { label: "In progress", states: ["in_progress"] },
  succeeded: { label: "Succeeded", states: ["succeeded"] },
  failed: { label: "Failed", states: ["failed"] },
  rolled_back: { label: "Rolled back", states: ["rolled_back"] },
  cancelled: { label: "Cancelled", states: ["cancelled"] },
} as const satisfies Record<string, { label: string; states: readonly State[] | null }>;
export type HistoryFilter = keyof typeof HISTORY_FILTERS;

const TRIGGER_LABEL: Record<Schemas["DeploymentTrigger"], string> = {
  api: "Deploy",
  redeploy: "Redeploy",
  rollback: "Rollback",
  webhook: "Git push",
};

type Props = {
  app: Schemas["ApplicationRead"];
  /** Pages of the API's history, fetched as the list scrolls: never the whole history at once. */
  query: UseInfiniteQueryResult<InfiniteData<Page>>;
  filter: HistoryFilter;
  onFilter: (filter: HistoryFilter) => void;
};

export function DeploymentHistory({ app, query, filter, onFilter }: Props) {
  const orgId = useOrgId();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const rollback = useMutation({
    mutationFn: (deploymentId: string) =>
      unwrap(
        api.POST("/api/v1/applications/{application_id}/deployments/{deployment_id}/rollback", {
          params: { path: { application_id: app.id, deployment_id: deploymentId } },
        }),
      ),
    onSuccess: async (deployment) => {
      await queryClient.invalidateQueries({ queryKey: keys.app(app.id).all });
      navigate(`/orgs/${orgId}/deployments/${deployment.id}`);
    },
  });
  const { fetchNextPage, hasNextPage, isFetchingNextPage } = query;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);
  return (
    <QueryState query={query}>
      {(result) => {
        const total = result.pages[0]?.pagination.total_count ?? 0;
        if (total === 0 && filter === "all") {
          return (
            <EmptyState title="Never deployed">Press Deploy: Berth builds or pulls the image, pins its digest and releases it behind the health check.</EmptyState>
          );
        }
        const rows = result.pages.flatMap((p) => p.items);
        return (
          <>
            <Group justify="space-between" gap="sm" mb="xs" wrap="wrap">
              <div className="filter-scroll">
                <SegmentedControl
                  aria-label="Filter by status"
                  size="xs"
                  value={filter}
                  onChange={(value) => onFilter(value as HistoryFilter)}
                  data={Object.entries(HISTORY_FILTERS).map(([value, f]) => ({ value, label: f.label }))}
                />
              </div>
              <Text size="sm" className="muted" role="status">
                {`${total} ${filter === "all" ? "" : `${HISTORY_FILTERS[filter].label.toLowerCase()} `}deployment${total === 1 ? "" : "s"}`}
                {rows.length < total && `, newest ${rows.length} loaded`}
              </Text>
            </Group>
            <FormError message={formError(rollback.error, [])} />
            {rows.length === 0 ? (
              <EmptyState title={`No ${HISTORY_FILTERS[filter].label.toLowerCase()} deployments`}>Show all statuses to see the others.</EmptyState>
            ) : (
              <Paper withBorder radius="md" className="history">
                <VirtualList
                  label="Deployments"
                  items={rows}
                  itemKey={(d) => d.id}
                  hasMore={hasNextPage}
                  loadingMore={isFetchingNextPage}
                  loadMore={loadMore}
                  estimateSize={64}
                  // A short history takes only the room it needs; a long one scrolls inside the page.
                  maxHeight="min(70vh, 40rem)"
                  renderItem={(d) => <HistoryRow app={app} deployment={d} rollback={rollback} />}
                />
              </Paper>
            )}
          </>
        );
      }}
    </QueryState>
  );
}

type Rollback = { isPending: boolean; variables: string | undefined; mutate: (deploymentId: string) => void };

/** One deployment: status, what it released, trigger, when and how long; its log, cancel and rollback. */
function HistoryRow({ app, deployment: d, rollback }: { app: Schemas["ApplicationRead"]; deployment: Deployment; rollback: Rollback }) {
  const orgId = useOrgId();
  const current = app.current_deployment_id === d.id;
  // Only a release that actually ran can be released again.
  const canRollBack = !current && d.status === "succeeded" && d.outcome === "released";
  return (
    <div className="history-row" data-current={current || undefined} data-deployment={d.id}>
      <div className="history-status">
        <PhaseBadge deployment={d} isCurrent={current} />
      </div>
      <div className="history-change">
        <Change deployment={d} />
      </div>
      <div className="history-meta">
        <span className="history-trigger">{TRIGGER_LABEL[d.trigger] ?? d.trigger}</span>
        <span className="muted">
          <RelativeTime iso={d.created_at} />
        </span>
        <span className="duration">
          <Took deployment={d} />
        </span>
      </div>
      <div className="history-actions">
        {/* The page's own link colour: Mantine's anchor blue falls under AA on a current row's tint in dark. */}
        <Link to={`/orgs/${orgId}/deployments/${d.id}`} aria-label={`Log of deployment ${d.id.slice(0, 8)}`}>
          Log
        </Link>
        <CancelButton deployment={d} />
        {canRollBack && (
          <Button
            variant="default"
            size="xs"
            leftSection={<RotateCcw size={14} aria-hidden />}
            loading={rollback.isPending && rollback.variables === d.id}
            disabled={rollback.isPending}
            onClick={() => rollback.mutate(d.id)}
          >
            Roll back to this
          </Button>
        )}
      </div>
    </div>
  );
}

/** The finished deployment's duration, or the running one's elapsed time, ticking. */
function Took({ deployment: d }: { deployment: Deployment }) {
  const running = !d.finished_at && Boolean(d.started_at);
  const now = useNow(running);
  if (!d.finished_at && !d.started_at) return <>—</>;
  const ms = deploymentDurationMs(d, running ? now : undefined);
  if (ms === undefined) return <>—</>;
  return running ? <span className="muted">{elapsedText(ms)} so far</span> : <>took {durationText(ms)}</>;
}

/** What this deployment released: commit message and author when recorded, short sha and digest with copy buttons. */
function Change({ deployment: d }: { deployment: Schemas["DeploymentRead"] }) {
  const { message, author } = commitInfo(d);
  const sha = shortSha(d.commit_sha);
  return (
    <div className="change">
      {message && (
        <div className="commit-message" title={message}>
          {message}
          {author && <span className="muted"> · {author}</span>}
        </div>
      )}
      <div className="refs">
        {sha && d.commit_sha && (
          <span className="sha">
            <code title={d.commit_sha}>{sha}</code>
            <CopyIcon text={d.commit_sha} label={`Copy commit ${sha}`} />
          </span>
        )}
        <span className="sha">
          <code title={d.image ?? ""}>{shortImage(d.image)}</code>
          {d.image && <CopyIcon text={d.image} label="Copy image reference" />}
        </span>
      </div>
    </div>
  );
}

/** "registry:5000/tbapp@sha256:abcdef…" → "tbapp@sha256:abcdef12": enough to tell releases apart. */
export function shortImage(image: string | null): string {
  if (!image) return "—";
  const name = image.split("/").pop() ?? image;
  const at = name.indexOf("@sha256:");
  return at === -1 ? name : name.slice(0, at + 8 + 12);
}
