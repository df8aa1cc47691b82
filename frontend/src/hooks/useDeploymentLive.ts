import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { api, type Schemas, unwrap } from "../api/client";
import { keys } from "../api/keys";
import { isTerminal } from "../lib/deploymentStatus";

type Deployment = Schemas["DeploymentRead"];
export type LiveMode = "connecting" | "stream" | "poll";

const POLL_MS = 1000;

/**
 * A deployment with its log, live. Prefers the server-sent event stream
 * (`/deployments/{id}/events`: `log`, `step`, `status` events, the persisted log replayed
 * first); where it is unavailable (an older API, a proxy that buffers) it polls the
 * deployment and its log once a second until a terminal status. Either way the screen
 * reads one shape.
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
      // The server replays the whole persisted log on every (re)connection.
      setStreamedLog([]);
      setMode("stream");
    };
    source.addEventListener("log", (event) => {
      const { line } = JSON.parse((event as MessageEvent<string>).data) as { line: string };
      setStreamedLog((lines) => [...lines, line]);
    });
    source.addEventListener("step", (event) => {
      const step = JSON.parse((event as MessageEvent<string>).data) as Deployment["steps"][number];
      queryClient.setQueryData<Deployment>(deploymentKey, (current) =>
        current ? { ...current, steps: upsertStep(current.steps, step) } : current,
      );
    });
    source.addEventListener("status", (event) => {
      const next = JSON.parse((event as MessageEvent<string>).data) as Deployment;
      if (isTerminal(next.status)) {
        // Closed by us: otherwise EventSource reconnects when the server ends the stream.
        source.close();
      }
      // A poll still in flight from before the stream opened must not land afterwards
      // and put a finished deployment back to "running"; cancelling reverts the cache
      // asynchronously, so the new state goes in once that is done.
      void queryClient.cancelQueries({ queryKey: deploymentKey }).then(() => queryClient.setQueryData<Deployment>(deploymentKey, next));
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

function done(deployment: Deployment | undefined): boolean {
  return deployment !== undefined && isTerminal(deployment.status);
}

function splitLog(text: string | undefined): string[] {
  if (!text) return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

export function upsertStep<T extends { name: string }>(steps: T[], step: T): T[] {
  const index = steps.findIndex((s) => s.name === step.name);
  if (index === -1) return [...steps, step];
  return steps.map((s, i) => (i === index ? { ...s, ...step } : s));
}
