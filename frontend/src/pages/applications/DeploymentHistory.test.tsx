import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import { answer, json, renderAt } from "../../test/render";
import { ApplicationOverview } from "./ApplicationOverview";
import { shortImage } from "./DeploymentHistory";

const base: Omit<Schemas["DeploymentRead"], "id" | "status" | "outcome" | "image" | "created_at"> = {
  application_id: "a1",
  server_id: "s1",
  trigger: "api",
  requested_by: "user:1",
  image_digest: null,
  commit_sha: null,
  rollback_of_id: null,
  attempts: [],
  steps: [],
  error: null,
  request_id: null,
  queued_at: "2026-01-01T00:00:00Z",
  started_at: null,
  finished_at: null,
};

const deployment = (id: string, status: Schemas["JobStatus"], outcome: Schemas["DeploymentOutcome"] | null): Schemas["DeploymentRead"] => ({
  ...base,
  id,
  status,
  outcome,
  image: `registry:5000/tbapp@sha256:${id.repeat(32)}`,
  created_at: new Date().toISOString(),
});

// Only what these screens read: a cast rather than `satisfies`, so fields the API adds
// later (build settings, volumes) don't break a fixture that never looks at them.
const app = {
  id: "a1",
  organization_id: "o1",
  environment_id: "e1",
  server_id: "s1",
  name: "web",
  source: { type: "image", image: "tbapp:v1" },
  runtime: { replicas: 1, port: 8080 },
  desired_state: "running",
  service_name: "web",
  hostname: "web.apps.example.test",
  current_deployment_id: "c",
  created_at: "2026-01-01T00:00:00Z",
  updated_at: null,
} as unknown as Schemas["ApplicationRead"];

describe("deployment history", () => {
  it("labels each row honestly and offers rollback only to an earlier release", async () => {
    const items = [
      deployment("d", "running", null),
      deployment("c", "succeeded", "released"),
      deployment("b", "failed", "rolled_back"),
      deployment("a", "succeeded", "released"),
    ];
    answer(() => json({ items, pagination: { total_count: 4, max_page: 1, page: 1, limit: 20 } }));
    renderAt(<ApplicationOverview app={app} />, { path: "/orgs/:orgId/applications/:appId", route: "/orgs/o1/applications/a1" });
    const rows = await screen.findAllByRole("row");
    const text = rows.slice(1).map((row) => row.textContent);
    expect(text[0]).toMatch(/^building/);
    expect(text[1]).toMatch(/^healthy/);
    expect(text[2]).toMatch(/^rolled back/);
    expect(text[3]).toMatch(/^released/);
    const rollbacks = screen.getAllByRole("button", { name: "Roll back to this" });
    expect(rollbacks).toHaveLength(1);
    expect(rows[4]!.contains(rollbacks[0]!)).toBe(true);
  });

  it("shortens digest-pinned images to something a person can compare", () => {
    expect(shortImage("registry:5000/acme/tbapp@sha256:0123456789abcdef0123")).toBe("tbapp@sha256:0123456789ab");
    expect(shortImage("nginx:1.27")).toBe("nginx:1.27");
    expect(shortImage(null)).toBe("—");
  });
});
