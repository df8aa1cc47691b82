import { useEffect, useRef, useState } from "react";
import type { Schemas } from "../api/client";

type Line = Schemas["LogLine"];
export type StreamState = { kind: "connecting" } | { kind: "live" } | { kind: "paused" } | { kind: "retrying"; inSeconds: number } | { kind: "stopped"; reason: string };

const MAX_LINES = 2000;
const MAX_BACKOFF_S = 30;

/**
 * Follow an application's containers through `/logs/stream` (SSE: `log` events, an `error`
 * event when the server or service goes away). A dropped connection reconnects with
 * backoff from the last line seen (`since`, whole seconds, so the last second is dropped
 * again by timestamp); an `error` event stops until the reader retries, since the reason
 * (no service yet, server unreachable) won't fix itself in a few seconds.
 */
export function useLogStream(appId: string, follow: boolean) {
  const [lines, setLines] = useState<Line[]>([]);
  const [state, setState] = useState<StreamState>({ kind: "connecting" });
  const [attempt, setAttempt] = useState(0);
  const lastSeen = useRef("");

  useEffect(() => {
    if (!follow) {
      setState({ kind: "paused" });
      return;
    }
    let source: EventSource | null = null;
    let timer: number | undefined;
    let failures = 0;
    let stopped = false;
    const open = () => {
      const since = lastSeen.current ? `&since=${Math.floor(new Date(lastSeen.current).getTime() / 1000)}` : "";
      setState({ kind: "connecting" });
      source = new EventSource(`/api/v1/applications/${appId}/logs/stream?tail=${since ? 1000 : 200}${since}`);
      source.onopen = () => {
        failures = 0;
        setState({ kind: "live" });
      };
      source.addEventListener("log", (event) => {
        const line = JSON.parse((event as MessageEvent<string>).data) as Line;
        if (line.timestamp && line.timestamp <= lastSeen.current) return;
        if (line.timestamp) lastSeen.current = line.timestamp;
        setLines((all) => [...all, line].slice(-MAX_LINES));
      });
      source.addEventListener("error", (event) => {
        // A server-sent `error` event carries data; a transport failure doesn't.
        const data = (event as MessageEvent<string>).data;
        if (!data) return;
        const line = JSON.parse(data) as Line;
        stopped = true;
        source?.close();
        setState({ kind: "stopped", reason: line.message });
      });
      source.onerror = () => {
        if (stopped) return;
        source?.close();
        const wait = Math.min(2 ** failures * 2, MAX_BACKOFF_S);
        failures += 1;
        setState({ kind: "retrying", inSeconds: wait });
        timer = window.setTimeout(open, wait * 1000);
      };
    };
    open();
    return () => {
      stopped = true;
      source?.close();
      window.clearTimeout(timer);
    };
  }, [appId, follow, attempt]);

  return { lines, state, retry: () => setAttempt((n) => n + 1) };
}
