import type { Schemas } from "../api/client";
import { STATUS_TONE, type Status, type Tone } from "./status";

type Deployment = Pick<Schemas["DeploymentRead"], "status" | "outcome" | "steps" | "queue_position">;

export type Phase =
  | "queued"
  | "building"
  | "releasing"
  | "healthy"
  | "released"
  | "rolled back"
  | "failed"
  | "cancelled";

// Steps that produce the image vs. steps that put it on the server: "running" alone
// would hide whether a slow deploy is stuck pulling or waiting for health checks.
const BUILD_STEPS = new Set(["source", "clone", "build", "resolve", "push"]);

/**
 * The phase a person cares about. A succeeded deployment is "healthy" only while it is the
 * one serving (`isCurrent`); an older success is just "released". A health-check failure
 * that Swarm rolled back is "rolled back", not a generic failure: the old version serves.
 */
export function deploymentPhase(deployment: Deployment, isCurrent = false): Phase {
  switch (deployment.status) {
    case "queued":
      return "queued";
    case "running": {
      const running = deployment.steps.find((step) => step.status === "running");
      const name = running?.name ?? deployment.steps.find((s) => s.status === "pending")?.name;
      return name && !BUILD_STEPS.has(name) ? "releasing" : "building";
    }
    case "succeeded":
      if (deployment.outcome === "rolled_back") return "rolled back";
      return isCurrent ? "healthy" : "released";
    case "cancelled":
      return "cancelled";
    case "failed":
      return deployment.outcome === "rolled_back" ? "rolled back" : "failed";
  }
}

export function isTerminal(status: Schemas["JobStatus"]): boolean {
  return status === "succeeded" || status === "failed" || status === "cancelled";
}

/** The shared status (lib/status) a phase is shown as: building and releasing are both "deploying". */
export const PHASE_STATUS: Record<Phase, Status> = {
  queued: "queued",
  building: "deploying",
  releasing: "deploying",
  healthy: "healthy",
  released: "released",
  "rolled back": "rolled back",
  failed: "failed",
  cancelled: "cancelled",
};

export const PHASE_TONE: Record<Phase, Tone> = Object.fromEntries(
  Object.entries(PHASE_STATUS).map(([phase, status]) => [phase, STATUS_TONE[status]]),
) as Record<Phase, Tone>;
