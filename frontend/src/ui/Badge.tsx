export type Tone = "neutral" | "busy" | "good" | "warn" | "bad";

export function Badge({ tone, children }: { tone: Tone; children: React.ReactNode }) {
  return (
    <span className={`badge badge-${tone}`} data-tone={tone}>
      {tone === "busy" && <span className="spinner" aria-hidden />}
      {children}
    </span>
  );
}
