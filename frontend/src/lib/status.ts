import {
  CircleCheck,
  CircleDashed,
  CircleOff,
  CircleX,
  Clock,
  LoaderCircle,
  type LucideIcon,
  RotateCcw,
  TriangleAlert,
} from "lucide-react";

/**
 * The one place status colours live. Every badge, card stripe and dot in the UI asks here,
 * so "failed" is the same red on the dashboard, in the history and on a server. The colours
 * are CSS variables (styles.css) with a light and a dark value, each at least 4.5:1 against
 * its background.
 */
export type Tone = "neutral" | "busy" | "good" | "warn" | "bad";

/** What a person reads as the state of a thing that runs. */
export type Status = "healthy" | "deploying" | "failed" | "rolled back" | "stopped" | "cancelled" | "queued" | "released" | "unknown";

export const STATUS_TONE: Record<Status, Tone> = {
  healthy: "good",
  deploying: "busy",
  failed: "bad",
  "rolled back": "warn",
  stopped: "neutral",
  cancelled: "neutral",
  queued: "neutral",
  released: "neutral",
  unknown: "neutral",
};

export const STATUS_ICON: Record<Status, LucideIcon> = {
  healthy: CircleCheck,
  deploying: LoaderCircle,
  failed: CircleX,
  "rolled back": RotateCcw,
  stopped: CircleOff,
  cancelled: CircleOff,
  queued: Clock,
  released: CircleDashed,
  unknown: CircleDashed,
};

/** For badges that carry a tone but no run status (server reachability, certificates). */
export const TONE_ICON: Record<Tone, LucideIcon> = {
  good: CircleCheck,
  busy: LoaderCircle,
  bad: CircleX,
  warn: TriangleAlert,
  neutral: CircleDashed,
};

export const toneColor = (tone: Tone) => `var(--tone-${tone})`;
