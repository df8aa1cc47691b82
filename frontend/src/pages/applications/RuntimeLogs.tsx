import { useState } from "react";
import { type StreamState, useLogStream } from "../../hooks/useLogStream";
import { LogView } from "../../ui/LogView";

/** The containers' output as they write it; pausing keeps what is shown. */
export function RuntimeLogs({ appId }: { appId: string }) {
  const [follow, setFollow] = useState(true);
  const { lines, state, retry } = useLogStream(appId, follow);
  return (
    <section aria-label="Runtime logs">
      <div className="row log-controls">
        <label className="check">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />
          Follow
        </label>
        <span className="muted small" role="status">
          {stateText(state)}
        </span>
        {state.kind === "stopped" && (
          <button type="button" className="secondary" onClick={retry}>
            Retry
          </button>
        )}
      </div>
      <LogView
        lines={lines.map(
          (l) =>
            `${l.timestamp ? new Date(l.timestamp).toLocaleTimeString([], { hour12: false }) + " " : ""}${l.message}`,
        )}
        label="Runtime log"
        emptyText="No output from the containers yet. Deploy the application, or wait for its first request."
      />
    </section>
  );
}

export function stateText(state: StreamState): string {
  switch (state.kind) {
    case "connecting":
      return "connecting…";
    case "live":
      return "live";
    case "paused":
      return "paused";
    case "retrying":
      return `connection lost; retrying in ${state.inSeconds} s`;
    case "stopped":
      return `stopped: ${state.reason}`;
  }
}
