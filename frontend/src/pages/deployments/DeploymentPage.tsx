import { useQuery } from "@tanstack/react-query";
import { useCallback } from "react";
import { api, type Schemas, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { useDeploymentLive } from "../../hooks/useDeploymentLive";
import { useOrgId, useParam } from "../../hooks/useOrgId";
import { LogView } from "../../ui/LogView";
import { useFinishedToast } from "../../hooks/useFinishedToast";
import { commitInfo, deploymentDurationMs } from "../../lib/applicationStatus";
import { isTerminal } from "../../lib/deploymentStatus";
import { useNow } from "../../hooks/useNow";
import { durationText, elapsedText } from "../../lib/time";
import { CopyIcon } from "../../ui/CopyButton";
import { Crumbs, useEnvironmentCrumbs } from "../../ui/Crumbs";
import { PageSkeleton, QueryState } from "../../ui/QueryState";
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
  const crumbs = useEnvironmentCrumbs(app.data?.environment_id);
  const appName = app.data?.name ?? "the application";
  const describe = useCallback(
    (status: Schemas["JobStatus"]) =>
      status === "succeeded"
        ? { ok: true, title: `${appName} deployed`, message: "The new version is serving." }
        : status === "cancelled"
          ? { ok: false, title: `Deployment of ${appName} cancelled`, message: "The previous version keeps serving." }
          : { ok: false, title: `Deployment of ${appName} failed`, message: "The log below says why." },
    [appName],
  );
  useFinishedToast(deployment.data?.id, deployment.data?.status, describe);
  return (
    <QueryState query={deployment} skeleton={<PageSkeleton rows={5} />}>
      {(d) => (
        <>
          <Crumbs
            items={[...crumbs, { label: app.data?.name, to: `/orgs/${orgId}/applications/${d.application_id}` }, { label: `Deployment ${d.id.slice(0, 8)}` }]}
          />
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
            <dt>{d.finished_at ? "Took" : "Running for"}</dt>
            <dd>
              <Elapsed deployment={d} />
            </dd>
            {d.commit_sha && (
              <>
                <dt>Commit</dt>
                <dd>
                  <span className="sha">
                    <code title={d.commit_sha}>{d.commit_sha.slice(0, 12)}</code>
                    <CopyIcon text={d.commit_sha} label="Copy commit id" />
                  </span>
                  {commitInfo(d).message && (
                    <div>
                      {commitInfo(d).message}
                      {commitInfo(d).author && <span className="muted"> · {commitInfo(d).author}</span>}
                    </div>
                  )}
                </dd>
              </>
            )}
            <dt>Image</dt>
            <dd>
              <ResolvedImage deployment={d} />
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

/** Elapsed time that ticks while the deployment runs, and the final duration once it ends. */
function Elapsed({ deployment }: { deployment: Schemas["DeploymentRead"] }) {
  const running = !deployment.finished_at;
  const now = useNow(running);
  if (running && !deployment.started_at) return <span className="muted">waiting for a worker</span>;
  const ms = deploymentDurationMs(deployment, running ? now : undefined);
  if (ms === undefined) return <span>—</span>;
  return <span className={running ? "elapsed" : undefined}>{running ? elapsedText(ms) : durationText(ms)}</span>;
}

// The steps that produce the image: while one of them runs, the image is "being resolved", not missing.
const IMAGE_STEPS = new Set(["source", "clone", "build", "resolve", "push"]);

/**
 * The image this deployment releases, from the moment the row records it (after `resolve`
 * or `build`, well before the release), pinned by digest, with a copy button.
 */
export function ResolvedImage({ deployment: d }: { deployment: Schemas["DeploymentRead"] }) {
  if (d.image) {
    return (
      <span className="sha">
        <code className="break" data-testid="resolved-image">
          {d.image}
        </code>
        <CopyIcon text={d.image} label="Copy image reference" />
      </span>
    );
  }
  if (isTerminal(d.status)) return <span className="muted">none: it stopped before an image was resolved</span>;
  const producing = d.steps.find((s) => s.status === "running" && IMAGE_STEPS.has(s.name));
  return <span className="muted">{producing ? `${producing.name === "resolve" ? "resolving" : `${producing.name} step running`}…` : "resolved when it starts"}</span>;
}
