import { act, renderHook } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useLogStream } from "./useLogStream";

/** An EventSource the test drives; every instance is kept to see reconnections. */
class ScriptedEventSource {
  static all: ScriptedEventSource[] = [];
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  private listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();
  constructor(readonly url: string) {
    ScriptedEventSource.all.push(this);
  }
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  emit(type: string, data: unknown) {
    for (const listener of this.listeners.get(type) ?? []) listener(new MessageEvent(type, { data: JSON.stringify(data) }));
  }
  close() {
    this.closed = true;
  }
}

const original = globalThis.EventSource;
afterEach(() => {
  globalThis.EventSource = original;
  ScriptedEventSource.all = [];
  vi.useRealTimers();
});

const line = (second: number, message: string) => ({ stream: "stdout", timestamp: `2026-01-01T00:00:0${second}.000Z`, message });

describe("useLogStream", () => {
  it("appends log events, reconnects from the last line seen without repeating it, and stops on an error event", () => {
    vi.useFakeTimers();
    globalThis.EventSource = ScriptedEventSource as unknown as typeof EventSource;
    const { result } = renderHook(() => useLogStream("a1", true));
    const first = ScriptedEventSource.all[0]!;
    expect(first.url).toBe("/api/v1/applications/a1/logs/stream?tail=200");
    act(() => {
      first.onopen?.();
      first.emit("log", line(1, "listening"));
      first.emit("log", line(2, "GET /"));
    });
    expect(result.current.state).toEqual({ kind: "live" });
    expect(result.current.lines.map((l) => l.message)).toEqual(["listening", "GET /"]);

    act(() => first.onerror?.());
    expect(first.closed).toBe(true);
    expect(result.current.state).toEqual({ kind: "retrying", inSeconds: 2 });
    act(() => vi.advanceTimersByTime(2000));
    const second = ScriptedEventSource.all[1]!;
    expect(second.url).toBe(`/api/v1/applications/a1/logs/stream?tail=1000&since=${Date.parse("2026-01-01T00:00:02Z") / 1000}`);
    act(() => {
      second.onopen?.();
      second.emit("log", line(2, "GET /")); // the same second comes back: dropped
      second.emit("log", line(3, "GET /health"));
      second.emit("error", { stream: "berth", timestamp: null, message: "the service is gone" });
    });
    expect(result.current.lines.map((l) => l.message)).toEqual(["listening", "GET /", "GET /health"]);
    expect(result.current.state).toEqual({ kind: "stopped", reason: "the service is gone" });
    act(() => vi.advanceTimersByTime(60_000));
    expect(ScriptedEventSource.all).toHaveLength(2);
  });
});
