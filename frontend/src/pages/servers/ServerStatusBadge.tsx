import type { Schemas } from "../../api/client";
import { Badge } from "../../ui/Badge";

export function ServerStatusBadge({ server }: { server: Schemas["ServerRead"] }) {
  if (server.host_key_status === "changed") return <Badge tone="bad">host key changed</Badge>;
  if (server.host_key_status !== "trusted") return <Badge tone="warn">host key not confirmed</Badge>;
  if (server.status === "unreachable") return <Badge tone="bad">unreachable</Badge>;
  if (server.status === "unknown") return <Badge tone="neutral">not checked yet</Badge>;
  return <Badge tone={server.is_set_up ? "good" : "warn"}>{server.is_set_up ? "ready" : "reachable, not set up"}</Badge>;
}
