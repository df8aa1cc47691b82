import type { Schemas } from "../../api/client";
import { deploymentPhase, PHASE_TONE } from "../../lib/deploymentStatus";
import { Badge } from "../../ui/Badge";

export function PhaseBadge({ deployment, isCurrent }: { deployment: Schemas["DeploymentRead"]; isCurrent: boolean }) {
  const phase = deploymentPhase(deployment, isCurrent);
  const queued = phase === "queued" && deployment.queue_position ? ` (#${deployment.queue_position + 1} in line)` : "";
  return <Badge tone={PHASE_TONE[phase]}>{phase + queued}</Badge>;
}
