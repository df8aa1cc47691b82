import { useNow } from "../hooks/useNow";
import { durationText, elapsedText } from "../lib/time";

type Step = {
  name: string;
  status: "pending" | "running" | "done" | "skipped" | "failed";
  detail: string;
  duration_ms?: number | null;
  started_at?: string | null;
  /** The `monitor` step's watch window (the attempts/ui-next contract); absent from older APIs. */
  monitor_seconds?: number | null;
};

const ICON: Record<Step["status"], string> = {
  pending: "○",
  running: "◐",
  done: "✓",
  skipped: "–",
  failed: "✗",
};

/** Step progress as an ordered list: each step's state is text, not only a colour. */
export function StepList({ steps }: { steps: Step[] }) {
  if (steps.length === 0) return <p className="muted">Waiting for a worker to pick this up…</p>;
  return (
    <ol className="steps" aria-label="Steps">
      {steps.map((step) => (
        <li key={step.name} className={`step step-${step.status}`} data-status={step.status}>
          <span className="step-icon" aria-hidden>
            {ICON[step.status]}
          </span>
          <span className="step-name">{step.name}</span>
          <span className="visually-hidden">{step.status}</span>
          {step.duration_ms != null ? (
            <span className="muted">{durationText(step.duration_ms)}</span>
          ) : (
            step.status === "running" && step.started_at && <RunningFor since={step.started_at} />
          )}
          {step.name === "monitor" && step.status === "running" && step.started_at && (
            <MonitorWindow since={step.started_at} seconds={step.monitor_seconds ?? null} />
          )}
          {step.detail && <span className="step-detail muted">{step.detail}</span>}
        </li>
      ))}
    </ol>
  );
}

/** The running step's elapsed time, ticking each second: a long build visibly moves. */
function RunningFor({ since }: { since: string }) {
  const now = useNow(true);
  return <span className="muted step-elapsed">{elapsedText(now.getTime() - new Date(since).getTime())}</span>;
}

/**
 * After the switch Swarm keeps watching the new version's health before it calls the update
 * done (~35 s by default): say that the new version already serves, and for how much longer
 * it is watched, instead of a view that looks stuck.
 */
function MonitorWindow({ since, seconds }: { since: string; seconds: number | null }) {
  const now = useNow(seconds !== null);
  if (seconds === null) return <span className="step-detail">New version serving; watching its health</span>;
  const left = Math.max(0, Math.ceil(seconds - (now.getTime() - new Date(since).getTime()) / 1000));
  return <span className="step-detail">New version serving; watching its health for {left} s more</span>;
}
