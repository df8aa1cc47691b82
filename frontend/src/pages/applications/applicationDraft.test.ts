import { describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import { buildFromDraft, draftFromApplication, parseBuildArgs, runtimeFromDraft, sourceFromDraft } from "./applicationDraft";

const gitApp = {
  id: "a1",
  name: "web",
  server_id: "s1",
  source: { type: "git", repository: "git@example.test:acme/web.git", ref: "release", commit: "0123abcd", path: "services/web" },
  build: { dockerfile: "docker/Dockerfile", context: "..", target: "runtime", args: { NODE_ENV: "production", EQ: "a=b" }, push_registry_id: "r1" },
  runtime: {
    port: 3000,
    replicas: 2,
    command: null,
    args: null,
    cpu_limit: null,
    memory_limit_mb: 256,
    health_check: null,
    volumes: [{ type: "volume", source: "uploads", target: "/app/uploads", read_only: false }],
    restart_policy: { condition: "on-failure", max_attempts: 3, delay_seconds: 10 },
  },
} as unknown as Schemas["ApplicationRead"];

describe("application draft", () => {
  it("round-trips a git application's source, build, volumes and restart policy unchanged", () => {
    const draft = draftFromApplication(gitApp);
    expect(sourceFromDraft(draft)).toEqual(gitApp.source);
    expect(buildFromDraft(draft)).toEqual(gitApp.build);
    const runtime = runtimeFromDraft(draft);
    expect(runtime.volumes).toEqual(gitApp.runtime.volumes);
    expect(runtime.restart_policy).toEqual(gitApp.runtime.restart_policy);
    expect([runtime.port, runtime.replicas, runtime.memory_limit_mb]).toEqual([3000, 2, 256]);
  });

  it("reads build arguments as KEY=value lines and names the lines that aren't", () => {
    expect(parseBuildArgs("A=1\n\n=oops\nB=x=y\nnot an arg")).toEqual({ args: { A: "1", B: "x=y" }, badLines: [3, 5] });
  });
});
