import type { Schemas } from "../../api/client";
import { deploymentPhase, PHASE_STATUS } from "../../lib/deploymentStatus";
import { StatusBadge } from "../../ui/Badge";

type Deployment = Pick<Schemas["DeploymentRead"], "status" | "outcome" | "steps" | "queue_position">;

export function PhaseBadge({ deployment, isCurrent }: { deployment: Deployment; isCurrent: boolean }) {
  const phase = deploymentPhase(deployment, isCurrent);
  const queued = phase === "queued" && deployment.queue_position ? ` (#${deployment.queue_position + 1} in line)` : "";
  return <StatusBadge status={PHASE_STATUS[phase]} label={phase + queued} />;
}
