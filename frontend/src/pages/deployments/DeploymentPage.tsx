import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { useDeploymentLive } from "../../hooks/useDeploymentLive";
import { useOrgId, useParam } from "../../hooks/useOrgId";
import { LogView } from "../../ui/LogView";
import { QueryState } from "../../ui/QueryState";
import { RelativeTime } from "../../ui/RelativeTime";
import { StepList } from "../../ui/StepList";
import { CancelButton } from "./CancelButton";
import { PhaseBadge } from "./PhaseBadge";
import { usePageTitle } from "../../hooks/usePageTitle";

export function DeploymentPage() {
  const orgId = useOrgId();
  const deploymentId = useParam("deploymentId");
  const { deployment, lines, mode } = useDeploymentLive(deploymentId);
  const appId = deployment.data?.application_id;
  usePageTitle(deployment.data ? `Deployment ${deployment.data.status}` : "Deployment");
  const app = useQuery({
    queryKey: keys.app(appId ?? "none").all,
    queryFn: () => unwrap(api.GET("/api/v1/applications/{application_id}", { params: { path: { application_id: appId! } } })),
    enabled: Boolean(appId),
  });
  return (
    <QueryState query={deployment}>
      {(d) => (
        <>
          <nav className="crumbs" aria-label="Breadcrumb">
            <Link to={`/orgs/${orgId}/applications/${d.application_id}`}>{app.data?.name ?? "Application"}</Link>
          </nav>
          <div className="title-row">
            <h1>Deployment</h1>
            <PhaseBadge deployment={d} isCurrent={app.data?.current_deployment_id === d.id} />
            <CancelButton deployment={d} />
          </div>
          <dl className="facts">
            <dt>Trigger</dt>
            <dd>
              {d.trigger} by {d.requested_by}
            </dd>
            <dt>Requested</dt>
            <dd>
              <RelativeTime iso={d.created_at} />
            </dd>
            {d.finished_at && (
              <>
                <dt>Finished</dt>
                <dd>
                  <RelativeTime iso={d.finished_at} />
                </dd>
              </>
            )}
            {d.commit_sha && (
              <>
                <dt>Commit</dt>
                <dd>
                  <code title={d.commit_sha}>{d.commit_sha.slice(0, 12)}</code>
                </dd>
              </>
            )}
            <dt>Image</dt>
            <dd>
              <code>{d.image ?? (d.status === "cancelled" || d.status === "failed" ? "none" : "resolved when it starts")}</code>
            </dd>
          </dl>
          {d.error && (
            // A cancel is what was asked for, not a failure: said plainly, not in red.
            <div className={d.status === "cancelled" ? "notice" : "form-error"} role={d.status === "cancelled" ? "status" : "alert"}>
              {d.error}
            </div>
          )}
          <h2>Progress</h2>
          <StepList steps={d.steps} />
          <h2>
            Log <span className="muted small">{mode === "stream" ? "live" : mode === "poll" ? "refreshing every second" : "connecting…"}</span>
          </h2>
          <LogView lines={lines} label="Deployment log" emptyText="No output yet." />
        </>
      )}
    </QueryState>
  );
}
