import { Badge as MantineBadge } from "@mantine/core";
import { STATUS_ICON, STATUS_TONE, TONE_ICON, toneColor, type Status, type Tone } from "../lib/status";

export type { Tone } from "../lib/status";

/** A tone badge: colour from lib/status, an icon so the state is never told by colour alone. */
export function Badge({ tone, children, status }: { tone: Tone; children: React.ReactNode; status?: Status }) {
  const Icon = status ? STATUS_ICON[status] : TONE_ICON[tone];
  return (
    <MantineBadge
      className="badge"
      data-tone={tone}
      data-status={status}
      variant="outline"
      color={toneColor(tone)}
      radius="xl"
      tt="none"
      leftSection={<Icon size={12} aria-hidden className={tone === "busy" ? "spin" : undefined} />}
    >
      {children}
    </MantineBadge>
  );
}

/** The badge for a run status (healthy, deploying, failed…); `label` adds detail to the word. */
export function StatusBadge({ status, label }: { status: Status; label?: string }) {
  return (
    <Badge tone={STATUS_TONE[status]} status={status}>
      {label ?? status}
    </Badge>
  );
}
