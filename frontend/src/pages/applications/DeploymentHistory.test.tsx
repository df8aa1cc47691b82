import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import { answer, json, renderAt, useListLayout } from "../../test/render";
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

const at = { path: "/orgs/:orgId/applications/:appId", route: "/orgs/o1/applications/a1" };

describe("deployment history", () => {
  useListLayout({ row: 64 });

  it("labels each row honestly and offers rollback only to an earlier release", async () => {
    const items = [
      deployment("d", "running", null),
      deployment("c", "succeeded", "released"),
      deployment("b", "failed", "rolled_back"),
      deployment("a", "succeeded", "released"),
    ];
    answer(() => json({ items, pagination: { total_count: 4, max_page: 1, page: 1, limit: 20 } }));
    renderAt(<ApplicationOverview app={app} />, { path: "/orgs/:orgId/applications/:appId", route: "/orgs/o1/applications/a1" });
    const rows = await within(await screen.findByRole("list", { name: "Deployments" })).findAllByRole("listitem");
    const text = rows.map((row) => row.textContent);
    expect(text[0]).toMatch(/^building/);
    expect(text[1]).toMatch(/^healthy/);
    expect(text[2]).toMatch(/^rolled back/);
    expect(text[3]).toMatch(/^released/);
    const rollbacks = screen.getAllByRole("button", { name: "Roll back to this" });
    expect(rollbacks).toHaveLength(1);
    expect(rows[3]!.contains(rollbacks[0]!)).toBe(true);
  });

  it("shows commit subject and author, short sha with a copy button, trigger and duration", async () => {
    const sha = "0123456789abcdef0123456789abcdef01234567";
    const d = {
      ...deployment("c", "succeeded", "released"),
      trigger: "webhook" as const,
      commit_sha: sha,
      commit_subject: "Fix the checkout total",
      commit_author_name: "Ada Lovelace",
      commit_author_email: "ada@example.test",
      started_at: "2026-01-01T00:00:00Z",
      finished_at: "2026-01-01T00:01:05Z",
    };
    answer(() => json({ items: [d], pagination: { total_count: 1, max_page: 1, page: 1, limit: 20 } }));
    renderAt(<ApplicationOverview app={app} />, at);
    const row = (await screen.findAllByRole("listitem"))[0]!;
    const cells = within(row);
    expect(cells.getByText("Fix the checkout total").textContent).toBe("Fix the checkout total · Ada Lovelace");
    expect(cells.getByText("0123456")).toHaveProperty("title", sha);
    expect(cells.getByRole("button", { name: "Copy commit 0123456" })).toBeTruthy();
    expect(cells.getByRole("button", { name: "Copy image reference" })).toBeTruthy();
    expect(cells.getByText("Git push")).toBeTruthy();
    expect(cells.getByText("took 1 min 5 s")).toBeTruthy();
  });

  it("asks the API for the chosen states and starts again at page 1", async () => {
    const all = [deployment("c", "succeeded", "released"), deployment("b", "failed", null), deployment("a", "failed", "rolled_back")];
    const seen = answer((request) => {
      const states = new URL(request.url).searchParams.getAll("state");
      const items = states.includes("failed") ? [all[1]!] : states.length ? [] : all;
      return json({ items, pagination: { total_count: items.length, max_page: 1, page: 1, limit: 20 } });
    });
    renderAt(<ApplicationOverview app={app} />, at);
    expect(await screen.findAllByRole("listitem")).toHaveLength(3);
    await userEvent.click(screen.getByRole("radio", { name: "Failed" }));
    expect(await screen.findByText("1 failed deployment")).toBeTruthy();
    const rows = screen.getAllByRole("listitem");
    expect(rows).toHaveLength(1);
    expect(rows[0]!.textContent).toMatch(/^failedtbapp@sha256:bbbb/);
    await userEvent.click(screen.getByRole("radio", { name: "Cancelled" }));
    expect(await screen.findByText("No cancelled deployments")).toBeTruthy();
    expect(screen.queryByRole("list", { name: "Deployments" })).toBeNull();
    const asked = seen.map((r) => new URL(r.url).searchParams);
    expect(asked.map((q) => [q.getAll("state").join(","), q.get("page")])).toEqual([
      ["", "1"],
      ["failed", "1"],
      ["cancelled", "1"],
    ]);
  });

  it("pages older deployments in as the list scrolls to them instead of loading the whole history", async () => {
    const seen = answer((request) => {
      const page = Number(new URL(request.url).searchParams.get("page"));
      // 60 deployments in pages of 50: the second page holds the oldest 10.
      const ids = page === 1 ? Array.from({ length: 50 }, (_, i) => `n${i}`) : Array.from({ length: 10 }, (_, i) => `o${i}`);
      return json({ items: ids.map((id) => deployment(id, "succeeded", "released")), pagination: { total_count: 60, max_page: 2, page, limit: 50 } });
    });
    renderAt(<ApplicationOverview app={app} />, at);
    expect(await screen.findByText("60 deployments, newest 50 loaded")).toBeTruthy();
    // Only the rows in view are drawn, not all 50 of the page.
    expect(screen.getAllByRole("listitem").length).toBeLessThan(50);
    const region = screen.getByRole("region", { name: "Deployments (scrollable)" });
    region.scrollTop = 50 * 64;
    region.dispatchEvent(new Event("scroll"));
    expect(await screen.findByText("60 deployments", undefined, { timeout: 10_000 })).toBeTruthy();
    const pages = seen.map((r) => new URL(r.url).searchParams);
    expect(pages.map((q) => [q.get("page"), q.get("limit")])).toEqual([
      ["1", "50"],
      ["2", "50"],
    ]);
  }, 20_000);

  it("shortens digest-pinned images to something a person can compare", () => {
    expect(shortImage("registry:5000/acme/tbapp@sha256:0123456789abcdef0123")).toBe("tbapp@sha256:0123456789ab");
    expect(shortImage("nginx:1.27")).toBe("nginx:1.27");
    expect(shortImage(null)).toBe("—");
  });
});
