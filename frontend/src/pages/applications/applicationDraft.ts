import type { Schemas } from "../../api/client";
import { sourceImage } from "../../lib/applicationSource";

/** The form's flat, string-typed view of an application; converted to the API shape on save. */
export type ApplicationDraft = {
  name: string;
  serverId: string;
  image: string;
  port: string;
  replicas: string;
  command: string;
  cpuLimit: string;
  memoryLimitMb: string;
  healthCheck: boolean;
  healthType: "http" | "command";
  healthPath: string;
  healthCommand: string;
  healthInterval: string;
  healthTimeout: string;
  healthRetries: string;
  healthStartPeriod: string;
};

export const EMPTY_DRAFT: ApplicationDraft = {
  name: "",
  serverId: "",
  image: "",
  port: "80",
  replicas: "1",
  command: "",
  cpuLimit: "",
  memoryLimitMb: "",
  healthCheck: true,
  healthType: "http",
  healthPath: "/",
  healthCommand: "",
  healthInterval: "5",
  healthTimeout: "3",
  healthRetries: "3",
  healthStartPeriod: "5",
};

const lines = (text: string) => text.split("\n").map((l) => l.trim()).filter(Boolean);
const numberOrNull = (text: string) => (text.trim() === "" ? null : Number(text));

export function draftFromApplication(app: Schemas["ApplicationRead"]): ApplicationDraft {
  const runtime = app.runtime;
  const health = runtime.health_check;
  return {
    name: app.name,
    serverId: app.server_id,
    image: sourceImage(app.source) ?? "",
    port: runtime.port?.toString() ?? "",
    replicas: String(runtime.replicas),
    command: (runtime.command ?? []).join("\n"),
    cpuLimit: runtime.cpu_limit?.toString() ?? "",
    memoryLimitMb: runtime.memory_limit_mb?.toString() ?? "",
    healthCheck: Boolean(health),
    healthType: health?.type ?? "http",
    healthPath: health?.path ?? "/",
    healthCommand: (health?.command ?? []).join("\n"),
    healthInterval: String(health?.interval_seconds ?? 5),
    healthTimeout: String(health?.timeout_seconds ?? 3),
    healthRetries: String(health?.retries ?? 3),
    healthStartPeriod: String(health?.start_period_seconds ?? 5),
  };
}

/** Commands are one argument per line: no shell-quoting rules to get wrong. */
export function runtimeFromDraft(draft: ApplicationDraft): Schemas["Runtime"] {
  const command = lines(draft.command);
  return {
    port: numberOrNull(draft.port),
    replicas: Number(draft.replicas || "1"),
    command: command.length ? command : null,
    cpu_limit: numberOrNull(draft.cpuLimit),
    memory_limit_mb: numberOrNull(draft.memoryLimitMb),
    health_check: draft.healthCheck
      ? {
          type: draft.healthType,
          path: draft.healthPath,
          command: draft.healthType === "command" ? lines(draft.healthCommand) : null,
          interval_seconds: Number(draft.healthInterval),
          timeout_seconds: Number(draft.healthTimeout),
          retries: Number(draft.healthRetries),
          start_period_seconds: Number(draft.healthStartPeriod),
        }
      : null,
  };
}
