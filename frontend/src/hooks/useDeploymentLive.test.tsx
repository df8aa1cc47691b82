import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, renderHook, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { Schemas } from "../api/client";
import { answer, json } from "../test/render";
import { upsertStep, useDeploymentLive } from "./useDeploymentLive";

/** An EventSource the test drives: the browser's own isn't in happy-dom's reach. */
class ScriptedEventSource {
  static last: ScriptedEventSource | undefined;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  private listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();
  constructor(readonly url: string) {
    ScriptedEventSource.last = this;
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
});

const running: Schemas["DeploymentRead"] = {
  id: "d1",
  application_id: "a1",
  server_id: "s1",
  status: "running",
  outcome: null,
  trigger: "api",
  requested_by: "user:1",
  image: null,
  image_digest: null,
  commit_sha: null,
  rollback_of_id: null,
  attempts: [],
  steps: [{ name: "resolve", status: "running", detail: "" }],
  error: null,
  request_id: null,
  queued_at: "2026-01-01T00:00:00Z",
  started_at: null,
  finished_at: null,
  created_at: "2026-01-01T00:00:00Z",
};

function wrapper({ children }: { children: React.ReactNode }) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}

describe("useDeploymentLive", () => {
  it("follows the event stream: snapshot, log lines, step updates, and a final status that ends it", async () => {
    globalThis.EventSource = ScriptedEventSource as unknown as typeof EventSource;
    let served = running;
    answer(() => json(served));
    const { result } = renderHook(() => useDeploymentLive("d1"), { wrapper });
    await waitFor(() => expect(result.current.deployment.data?.status).toBe("running"));
    const source = ScriptedEventSource.last!;
    expect(source.url).toBe("/api/v1/deployments/d1/events");

    act(() => {
      source.onopen?.();
      source.emit("snapshot", { id: "d1", status: "running", steps: running.steps, log: "resolve: running\n" });
      source.emit("step", { steps: [{ name: "resolve", status: "done", detail: "tbapp@sha256:1" }, { name: "release", status: "running", detail: "" }] });
      source.emit("log", { line: "release: running" });
    });
    expect(result.current.mode).toBe("stream");
    expect(result.current.lines).toEqual(["resolve: running", "release: running"]);
    // The query cache notifies on its own schedule, hence waitFor for cached fields.
    await waitFor(() =>
      expect(result.current.deployment.data?.steps.map((s) => `${s.name}:${s.status}`)).toEqual(["resolve:done", "release:running"]),
    );

    // One step at a time works too (merged by name).
    act(() => source.emit("step", { name: "release", status: "done", detail: "" }));
    await waitFor(() =>
      expect(result.current.deployment.data?.steps.map((s) => `${s.name}:${s.status}`)).toEqual(["resolve:done", "release:done"]),
    );

    // The final status carries only what changed; the whole row is read again after it.
    served = { ...running, status: "succeeded", outcome: "released", finished_at: "2026-01-01T00:01:00Z" };
    act(() => source.emit("status", { id: "d1", status: "succeeded", outcome: "released", error: null }));
    await waitFor(() => expect(result.current.deployment.data?.finished_at).toBe("2026-01-01T00:01:00Z"));
    expect(result.current.deployment.data?.status).toBe("succeeded");
    expect(source.closed).toBe(true);
    // Nothing that was in flight (the polls before the stream opened) puts it back.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(result.current.deployment.data?.status).toBe("succeeded");
  });

  it("re-reads the row when a step ends without an image yet, so the resolved image shows before the final status", async () => {
    globalThis.EventSource = ScriptedEventSource as unknown as typeof EventSource;
    let served = running;
    const seen = answer(() => json(served));
    const { result } = renderHook(() => useDeploymentLive("d1"), { wrapper });
    await waitFor(() => expect(result.current.deployment.data?.status).toBe("running"));
    const source = ScriptedEventSource.last!;
    act(() => {
      source.onopen?.();
      source.emit("snapshot", { id: "d1", status: "running", steps: running.steps, log: "" });
    });
    const reads = () => seen.filter((r) => new URL(r.url).pathname === "/api/v1/deployments/d1").length;
    const before = reads();
    const image = "registry:5000/tbapp@sha256:" + "a".repeat(64);
    // The worker commits the image with the step, then publishes the steps alone.
    served = { ...running, image, steps: [{ name: "resolve", status: "done", detail: "" }, { name: "release", status: "running", detail: "" }] };
    act(() => source.emit("step", { steps: served.steps }));
    await waitFor(() => expect(result.current.deployment.data?.image).toBe(image));
    expect(result.current.deployment.data?.status).toBe("running");
    expect(reads()).toBe(before + 1);
    // Once the image is known, step events are merged without another read.
    act(() => source.emit("step", { name: "release", status: "done", detail: "" }));
    await waitFor(() => expect(result.current.deployment.data?.steps.at(-1)?.status).toBe("done"));
    expect(reads()).toBe(before + 1);
  });

  it("switches to polling when the server ends a long stream with a timeout", async () => {
    globalThis.EventSource = ScriptedEventSource as unknown as typeof EventSource;
    answer((request) =>
      new URL(request.url).pathname.endsWith("/log") ? json({ id: "d1", status: "running", log: "one\n" }) : json(running),
    );
    const { result } = renderHook(() => useDeploymentLive("d1"), { wrapper });
    const source = ScriptedEventSource.last!;
    act(() => {
      source.onopen?.();
      source.emit("timeout", { after_seconds: 600 });
    });
    expect(source.closed).toBe(true);
    await waitFor(() => expect(result.current.lines).toEqual(["one"]));
    expect(result.current.mode).toBe("poll");
  });

  it("polls the deployment and its log when the stream is unavailable", async () => {
    globalThis.EventSource = ScriptedEventSource as unknown as typeof EventSource;
    answer((request) =>
      new URL(request.url).pathname.endsWith("/log") ? json({ id: "d1", status: "running", log: "one\ntwo\n" }) : json(running),
    );
    const { result } = renderHook(() => useDeploymentLive("d1"), { wrapper });
    act(() => ScriptedEventSource.last!.onerror?.());
    await waitFor(() => expect(result.current.lines).toEqual(["one", "two"]));
    expect(result.current.mode).toBe("poll");
    expect(ScriptedEventSource.last!.closed).toBe(true);
  });

  it("merges a step update into the step of the same name", () => {
    const steps = [
      { name: "a", status: "done" as const, detail: "" },
      { name: "b", status: "running" as const, detail: "" },
    ];
    expect(upsertStep(steps, { name: "b", status: "failed", detail: "boom" })[1]).toEqual({ name: "b", status: "failed", detail: "boom" });
    expect(upsertStep(steps, { name: "c", status: "pending", detail: "" })).toHaveLength(3);
  });
});
