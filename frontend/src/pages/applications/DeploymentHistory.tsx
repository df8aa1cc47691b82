import { useMutation, useQueryClient, type UseQueryResult } from "@tanstack/react-query";
import { Link, useNavigate } from "react-router";
import { api, type Schemas, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { formError } from "../../api/problem";
import { useOrgId } from "../../hooks/useOrgId";
import { commitInfo, deploymentDurationMs, shortSha } from "../../lib/applicationStatus";
import { durationText } from "../../lib/time";
import { CopyIcon } from "../../ui/CopyButton";
import { EmptyState } from "../../ui/EmptyState";
import { FormError } from "../../ui/Field";
import { QueryState } from "../../ui/QueryState";
import { RelativeTime } from "../../ui/RelativeTime";
import { CancelButton } from "../deployments/CancelButton";
import { PhaseBadge } from "../deployments/PhaseBadge";

type Page = Schemas["Page_DeploymentRead_"];

export function DeploymentHistory({ app, query }: { app: Schemas["ApplicationRead"]; query: UseQueryResult<Page> }) {
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
  return (
    <QueryState query={query}>
      {(page) =>
        page.items.length === 0 ? (
          <EmptyState title="Never deployed">Press Deploy: Berth builds or pulls the image, pins its digest and releases it behind the health check.</EmptyState>
        ) : (
          <>
            <FormError message={formError(rollback.error, [])} />
            <table className="table" aria-label="Deployments">
              <thead>
                <tr>
                  <th>Status</th>
                  <th>Change</th>
                  <th>Trigger</th>
                  <th>When</th>
                  <th>Took</th>
                  <th>
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((d) => {
                  const current = app.current_deployment_id === d.id;
                  // Only a release that actually ran can be released again.
                  const canRollBack = !current && d.status === "succeeded" && d.outcome === "released";
                  return (
                    <tr key={d.id} data-current={current || undefined}>
                      <td>
                        <PhaseBadge deployment={d} isCurrent={current} />
                      </td>
                      <td className="image">
                        <Change deployment={d} />
                      </td>
                      <td>{d.trigger}</td>
                      <td>
                        <RelativeTime iso={d.created_at} />
                      </td>
                      <td className="duration">{took(d)}</td>
                      <td className="actions">
                        <Link to={`/orgs/${orgId}/deployments/${d.id}`}>Log</Link>
                        <CancelButton deployment={d} />
                        {canRollBack && (
                          <button type="button" className="secondary" disabled={rollback.isPending} onClick={() => rollback.mutate(d.id)}>
                            Roll back to this
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </>
        )
      }
    </QueryState>
  );
}

function took(d: Schemas["DeploymentRead"]): string {
  if (!d.finished_at) return d.started_at ? "running" : "—";
  const ms = deploymentDurationMs(d);
  return ms === undefined ? "—" : durationText(ms);
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
