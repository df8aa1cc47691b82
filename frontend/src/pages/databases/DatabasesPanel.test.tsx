import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { answer, json, renderAt } from "../../test/render";
import { DatabasesPanel } from "./DatabasesPanel";

const page = (items: unknown[]) => json({ items, pagination: { total_count: items.length, max_page: 1, page: 1, limit: 100 } });

const database = {
  id: "d1",
  organization_id: "o1",
  environment_id: "e1",
  server_id: "s1",
  name: "main",
  engine: "postgresql",
  image: "postgres:17",
  image_digest: "postgres:17@sha256:" + "a".repeat(64),
  data_dir: "/var/lib/postgresql/data",
  args: [],
  cpu_limit: null,
  memory_limit_mb: null,
  external_port: null,
  external_address: null,
  internal_host: "db-main-12345678",
  port: 5432,
  desired_state: "running",
  status: "unhealthy",
  status_reason: "task: non-zero exit (1)",
  status_checked_at: null,
  service_name: "db-main-12345678",
  volume_name: "db-main-12345678-data",
  database_name: "main",
  username: "main",
  created_at: "2026-12-03T10:00:00Z",
  updated_at: null,
};

describe("DatabasesPanel", () => {
  it("shows status with the task's error, reveals credentials only on request, deletes with the volume when asked", async () => {
    const seen = answer((request) => {
      const path = new URL(request.url).pathname;
      if (path.endsWith("/credentials/reveal"))
        return json({
          url: "postgresql://main:secretsecretsecretsecret@db-main-12345678:5432/main",
          external_url: null,
          host: "db-main-12345678",
          port: 5432,
          database: "main",
          username: "main",
          password: "secretsecretsecretsecret",
        });
      if (request.method === "DELETE") return new Response(null, { status: 204 });
      return page([database]);
    });
    renderAt(<DatabasesPanel orgId="o1" environmentId="e1" />);
    const card = await screen.findByRole("article", { name: "Database main" });
    expect(within(card).getByText("unhealthy")).toBeTruthy();
    expect(within(card).getByText("task: non-zero exit (1)")).toBeTruthy();
    expect(within(card).getByText("db-main-12345678:5432")).toBeTruthy();
    // No request reveals anything until the person asks.
    expect(seen.some((r) => r.url.includes("reveal"))).toBe(false);

    await userEvent.click(within(card).getByRole("button", { name: "Connection" }));
    await userEvent.click(await screen.findByRole("button", { name: "Reveal credentials" }));
    const url = await screen.findByLabelText("Connection URL");
    expect((url as HTMLInputElement).value).toContain("@db-main-12345678:5432/main");
    expect(seen.filter((r) => r.url.includes("reveal") && r.method === "POST")).toHaveLength(1);
  });

  it("deletes with ?delete_volume only when the box is ticked", async () => {
    const seen = answer((request) => (request.method === "DELETE" ? new Response(null, { status: 204 }) : page([database])));
    renderAt(<DatabasesPanel orgId="o1" environmentId="e1" />);
    const card = await screen.findByRole("article", { name: "Database main" });
    await userEvent.click(within(card).getByRole("button", { name: "Delete" }));
    const dialog = await screen.findByRole("dialog");
    await userEvent.type(within(dialog).getByLabelText("Type main to confirm"), "main");
    await userEvent.click(within(dialog).getByRole("checkbox"));
    await userEvent.click(within(dialog).getByRole("button", { name: "Delete database" }));
    await waitFor(() => expect(seen.some((r) => r.method === "DELETE")).toBe(true));
    const deleted = seen.find((r) => r.method === "DELETE");
    expect(deleted && new URL(deleted.url).searchParams.get("delete_volume")).toBe("true");
  });
});
