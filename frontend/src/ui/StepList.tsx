import { durationText } from "../lib/time";

type Step = {
  name: string;
  status: "pending" | "running" | "done" | "skipped" | "failed";
  detail: string;
  duration_ms?: number | null;
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
          {step.duration_ms != null && <span className="muted">{durationText(step.duration_ms)}</span>}
          {step.detail && <span className="step-detail muted">{step.detail}</span>}
        </li>
      ))}
    </ol>
  );
}
