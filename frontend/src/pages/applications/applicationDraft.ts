import type { Schemas } from "../../api/client";
import { sourceImage } from "../../lib/applicationSource";
import type { Mount } from "./volumes";

/** The form's flat, string-typed view of an application; converted to the API shape on save. */
export type ApplicationDraft = {
  name: string;
  serverId: string;
  sourceType: "image" | "git";
  image: string;
  repository: string;
  ref: string;
  commit: string;
  path: string;
  dockerfile: string;
  context: string;
  target: string;
  /** KEY=value, one per line. */
  buildArgs: string;
  pushRegistryId: string;
  volumes: Mount[];
  restartCondition: "any" | "on-failure" | "none";
  restartMaxAttempts: string;
  restartDelay: string;
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
  sourceType: "image",
  image: "",
  repository: "",
  ref: "main",
  commit: "",
  path: ".",
  dockerfile: "Dockerfile",
  context: ".",
  target: "",
  buildArgs: "",
  pushRegistryId: "",
  volumes: [],
  restartCondition: "any",
  restartMaxAttempts: "0",
  restartDelay: "5",
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
  const git = app.source.type === "git" ? app.source : null;
  const build = app.build;
  const restart = runtime.restart_policy;
  return {
    name: app.name,
    serverId: app.server_id,
    sourceType: git ? "git" : "image",
    image: sourceImage(app.source) ?? "",
    repository: git?.repository ?? "",
    ref: git?.ref ?? "main",
    commit: git?.commit ?? "",
    path: git?.path ?? ".",
    dockerfile: build?.dockerfile ?? "Dockerfile",
    context: build?.context ?? ".",
    target: build?.target ?? "",
    buildArgs: Object.entries(build?.args ?? {})
      .map(([key, value]) => `${key}=${value}`)
      .join("\n"),
    pushRegistryId: build?.push_registry_id ?? "",
    volumes: runtime.volumes ?? [],
    restartCondition: restart?.condition ?? "any",
    restartMaxAttempts: String(restart?.max_attempts ?? 0),
    restartDelay: String(restart?.delay_seconds ?? 5),
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
    volumes: draft.volumes,
    restart_policy: {
      condition: draft.restartCondition,
      max_attempts: Number(draft.restartMaxAttempts || "0"),
      delay_seconds: Number(draft.restartDelay || "0"),
    },
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

export function sourceFromDraft(draft: ApplicationDraft): Schemas["ApplicationCreate"]["source"] {
  if (draft.sourceType === "image") return { type: "image", image: draft.image.trim() };
  return {
    type: "git",
    repository: draft.repository.trim(),
    ref: draft.ref.trim() || "main",
    commit: draft.commit.trim() || null,
    path: draft.path.trim() || ".",
  };
}

/** Build arguments from KEY=value lines; the numbers of lines that aren't one, to flag them. */
export function parseBuildArgs(text: string): { args: Record<string, string>; badLines: number[] } {
  const args: Record<string, string> = {};
  const badLines: number[] = [];
  text.split("\n").forEach((line, index) => {
    if (!line.trim()) return;
    const at = line.indexOf("=");
    const key = at > 0 ? line.slice(0, at).trim() : "";
    if (!key) badLines.push(index + 1);
    else args[key] = line.slice(at + 1);
  });
  return { args, badLines };
}

export function buildFromDraft(draft: ApplicationDraft): Schemas["Build"] {
  return {
    dockerfile: draft.dockerfile.trim() || "Dockerfile",
    context: draft.context.trim() || ".",
    target: draft.target.trim() || null,
    args: parseBuildArgs(draft.buildArgs).args,
    push_registry_id: draft.pushRegistryId || null,
  };
}
