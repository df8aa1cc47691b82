import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import { answer, json, renderAt } from "../../test/render";
import { ServerSetupPanel } from "./ServerSetupPanel";

const server = {
  id: "s1",
  organization_id: "o1",
  name: "web-1",
  kind: "ssh",
  host_key_status: "trusted",
  is_set_up: false,
} as unknown as Schemas["ServerRead"];

const setup = (status: Schemas["JobStatus"], error: string | null) => ({
  id: "u1",
  server_id: "s1",
  status,
  error,
  log: "checking docker\n",
  steps: [],
  attempts: [],
  created_at: new Date().toISOString(),
});

describe("ServerSetupPanel", () => {
  it("names a failed setup's reason and offers to run it again", async () => {
    answer(() => json({ items: [setup("failed", "docker: permission denied")], pagination: { total_count: 1, max_page: 1, page: 1, limit: 1 } }));
    renderAt(<ServerSetupPanel server={server} />);
    expect(await screen.findByText("setup failed")).toBeTruthy();
    expect(screen.getByText("docker: permission denied")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Set up server" })).toHaveProperty("disabled", false);
  });

  it("cannot start before the host key is trusted, and says why", async () => {
    answer(() => json({ items: [], pagination: { total_count: 0, max_page: 1, page: 1, limit: 1 } }));
    renderAt(<ServerSetupPanel server={{ ...server, host_key_status: "pending" }} />);
    expect(screen.getByRole("button", { name: "Set up server" })).toHaveProperty("disabled", true);
    expect(screen.getByText(/Trust the server's host key first/)).toBeTruthy();
  });
});
