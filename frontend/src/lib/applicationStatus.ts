import type { Schemas } from "../api/client";
import { deploymentPhase, isTerminal, PHASE_STATUS } from "./deploymentStatus";
import type { Status } from "./status";

type App = Pick<Schemas["ApplicationRead"], "current_deployment_id" | "desired_state">;
type Deployment = Pick<Schemas["DeploymentRead"], "id" | "status" | "outcome" | "steps" | "queue_position">;

/**
 * One word for an application from what the API records: its desired state, the release
 * serving it and its newest deployment. A failed or cancelled attempt while an older
 * release still serves is reported as that failure (something to look at), except a cancel,
 * which was asked for: the app is still healthy.
 */
export function applicationStatus(app: App, latest: Deployment | undefined): { status: Status; label: string } {
  if (latest && !isTerminal(latest.status)) {
    const phase = deploymentPhase(latest);
    return { status: PHASE_STATUS[phase], label: phase };
  }
  if (app.desired_state === "stopped") return { status: "stopped", label: "stopped" };
  if (!app.current_deployment_id) {
    if (latest && latest.status === "failed") return { status: "failed", label: "failed" };
    return { status: "unknown", label: "never deployed" };
  }
  if (!latest || latest.id === app.current_deployment_id || latest.status === "cancelled") return { status: "healthy", label: "healthy" };
  const phase = deploymentPhase(latest);
  return { status: PHASE_STATUS[phase], label: phase };
}

/** "a1b2c3d": the seven characters git itself shows. */
export const shortSha = (sha: string | null | undefined) => (sha ? sha.slice(0, 7) : undefined);

/** How long a finished (or, with `now`, a running) deployment took. */
export function deploymentDurationMs(d: Pick<Schemas["DeploymentRead"], "started_at" | "finished_at" | "created_at">, now?: Date): number | undefined {
  const start = d.started_at ?? d.created_at;
  const end = d.finished_at ?? (now ? now.toISOString() : null);
  if (!start || !end) return undefined;
  return Math.max(0, new Date(end).getTime() - new Date(start).getTime());
}

/**
 * The commit message and author, recorded from the checkout or the webhook payload by API
 * versions that have them: optional here, so this UI works against either.
 */
export function commitInfo(d: Schemas["DeploymentRead"]): { message?: string; author?: string } {
  const message = d.commit_subject?.trim();
  const author = d.commit_author_name?.trim() || d.commit_author_email?.trim();
  return { ...(message ? { message } : {}), ...(author ? { author } : {}) };
}
