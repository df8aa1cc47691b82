import { describe, expect, it } from "vitest";
import type { Schemas } from "../api/client";
import { deploymentPhase } from "./deploymentStatus";

type Step = Schemas["DeploymentStep"];
const step = (name: string, status: Step["status"]): Step => ({ name, status, detail: "" });
const deployment = (status: Schemas["JobStatus"], outcome: Schemas["DeploymentOutcome"] | null, steps: Step[] = []) => ({
  status,
  outcome,
  steps,
  queue_position: null,
});

describe("deploymentPhase", () => {
  it("says queued before a worker starts", () => {
    expect(deploymentPhase(deployment("queued", null))).toBe("queued");
  });

  it("tells building from releasing by the running step", () => {
    expect(deploymentPhase(deployment("running", null, [step("resolve", "running"), step("release", "pending")]))).toBe("building");
    expect(deploymentPhase(deployment("running", null, [step("resolve", "done"), step("release", "running")]))).toBe("releasing");
    expect(deploymentPhase(deployment("running", null, [step("resolve", "done"), step("converge", "running")]))).toBe("releasing");
  });

  it("calls only the serving release healthy", () => {
    expect(deploymentPhase(deployment("succeeded", "released"), true)).toBe("healthy");
    expect(deploymentPhase(deployment("succeeded", "released"), false)).toBe("released");
  });

  it("names a health-check rollback, which left the old version serving", () => {
    expect(deploymentPhase(deployment("failed", "rolled_back"))).toBe("rolled back");
    expect(deploymentPhase(deployment("failed", "failed"))).toBe("failed");
    expect(deploymentPhase(deployment("cancelled", null))).toBe("cancelled");
  });
});
