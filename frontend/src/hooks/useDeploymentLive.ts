import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { api, type Schemas, unwrap } from "../api/client";
import { keys } from "../api/keys";
import { isTerminal } from "../lib/deploymentStatus";
import { terminalLine } from "../lib/logText";

type Deployment = Schemas["DeploymentRead"];
export type LiveMode = "connecting" | "stream" | "poll";

const POLL_MS = 1000;

/**
 * A deployment with its log, live. Prefers the server-sent event stream
 * (`/deployments/{id}/events`: a `snapshot` of the row and log so far, then `log`, `step`
 * and finally `status` events); where it is unavailable (an older API, a proxy that
 * buffers) it polls the deployment and its log once a second until a terminal status.
 * Either way the screen reads one shape.
 */
export function useDeploymentLive(deploymentId: string) {
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<LiveMode>(typeof EventSource === "undefined" ? "poll" : "connecting");
  const [streamedLog, setStreamedLog] = useState<string[]>([]);
  const deploymentKey = keys.deployment(deploymentId).all;

  const deployment = useQuery({
    queryKey: deploymentKey,
    queryFn: () => unwrap(api.GET("/api/v1/deployments/{deployment_id}", { params: { path: { deployment_id: deploymentId } } })),
    refetchInterval: (query) => (mode !== "stream" && !done(query.state.data) ? POLL_MS : false),
  });
  const log = useQuery({
    queryKey: keys.deployment(deploymentId).log,
    queryFn: () => unwrap(api.GET("/api/v1/deployments/{deployment_id}/log", { params: { path: { deployment_id: deploymentId } } })),
    enabled: mode === "poll",
    refetchInterval: (query) => (query.state.data && isTerminal(query.state.data.status) ? false : POLL_MS),
  });

  useEffect(() => {
    if (mode === "poll" || typeof EventSource === "undefined") return;
    const source = new EventSource(`/api/v1/deployments/${deploymentId}/events`);
    let opened = false;
    source.onopen = () => {
      opened = true;
      setMode("stream");
    };
    const data = (event: Event) => JSON.parse((event as MessageEvent<string>).data) as Record<string, unknown>;
    // Every update is merged into the cached row: events carry only what changed.
    const merge = (patch: Partial<Deployment>) =>
      queryClient.setQueryData<Deployment>(deploymentKey, (current) => (current ? { ...current, ...patch } : current));
    source.addEventListener("snapshot", (event) => {
      // The row as committed so far (status, steps, the whole log), sent first on every
      // (re)connection; live events follow it.
      const { log, ...row } = data(event) as Partial<Deployment> & { log?: string };
      merge(row);
      setStreamedLog(splitLog(log));
    });
    source.addEventListener("log", (event) => {
      const { line } = data(event) as { line: string };
      setStreamedLog((lines) => [...lines, ...line.split("\n").map(terminalLine)]);
    });
    source.addEventListener("step", (event) => {
      // Either the full list ({steps}) or one step ({name, status, ...}).
      const payload = data(event) as { steps?: Deployment["steps"] } & Partial<Deployment["steps"][number]>;
      const current = queryClient.getQueryData<Deployment>(deploymentKey);
      if (!current) return;
      const steps = payload.steps ?? upsertStep(current.steps, payload as Deployment["steps"][number]);
      queryClient.setQueryData<Deployment>(deploymentKey, { ...current, steps });
      // A step event carries only the steps, but the step that resolves or builds the image
      // records it on the row in the same commit: re-read the row when a step has ended and
      // the image is still unknown, so it shows now rather than at the final status. Only
      // the image is taken from that read: a later step event may land first, and the
      // row's steps must not step back.
      if (!current.image && finishedCount(steps) > finishedCount(current.steps)) {
        void unwrap(api.GET("/api/v1/deployments/{deployment_id}", { params: { path: { deployment_id: deploymentId } } })).then(
          (row) => {
            if (row.image) merge({ image: row.image, image_digest: row.image_digest });
          },
          () => undefined, // the final status re-reads the row anyway
        );
      }
    });
    source.addEventListener("status", (event) => {
      const next = data(event) as Partial<Deployment>;
      const terminal = next.status !== undefined && isTerminal(next.status);
      if (terminal) {
        // Closed by us: otherwise EventSource reconnects when the server ends the stream.
        source.close();
      }
      // A poll still in flight from before the stream opened must not land afterwards
      // and put a finished deployment back to "running"; cancelling reverts the cache
      // asynchronously, so the new state goes in once that is done. A final status is
      // then re-read whole (finish time, step durations).
      void queryClient.cancelQueries({ queryKey: deploymentKey }).then(() => {
        merge(next);
        if (terminal) void queryClient.invalidateQueries({ queryKey: deploymentKey });
      });
    });
    source.addEventListener("timeout", () => {
      // The server bounds a stream's length; carry on by polling rather than reconnecting.
      source.close();
      setMode("poll");
    });
    source.onerror = () => {
      if (!opened) {
        // Never connected (404 on an API without the stream, or a non-SSE reply): poll.
        source.close();
        setMode("poll");
      }
    };
    return () => source.close();
    // One stream per deployment: re-subscribing on every render would replay the log.
  }, [deploymentId, mode === "poll"]);

  const finished = deployment.data && isTerminal(deployment.data.status) ? deployment.data : null;
  useEffect(() => {
    if (!finished) return;
    const appKey = keys.app(finished.application_id).all;
    if (finished.status === "succeeded" && finished.outcome === "released") {
      // A release becomes the application's current deployment in the same transaction;
      // say so now rather than showing "released" until the refetch below lands.
      queryClient.setQueryData<Schemas["ApplicationRead"]>(appKey, (app) => app && { ...app, current_deployment_id: finished.id });
    }
    // The application changed with the outcome (its current deployment, its history).
    void queryClient.invalidateQueries({ queryKey: appKey });
    // Keyed on the outcome, not the object: refetches must not re-run it.
  }, [finished?.id, finished?.status]);

  const lines = mode === "poll" ? splitLog(log.data?.log) : streamedLog;
  return { deployment, lines, mode };
}

function finishedCount(steps: Deployment["steps"]): number {
  return steps.filter((s) => s.status === "done" || s.status === "skipped").length;
}

function done(deployment: Deployment | undefined): boolean {
  return deployment !== undefined && isTerminal(deployment.status);
}

function splitLog(text: string | undefined): string[] {
  if (!text) return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines.map(terminalLine);
}

export function upsertStep<T extends { name: string }>(steps: T[], step: T): T[] {
  const index = steps.findIndex((s) => s.name === step.name);
  if (index === -1) return [...steps, step];
  return steps.map((s, i) => (i === index ? { ...s, ...step } : s));
}
