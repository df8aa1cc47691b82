import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import { answer, json, renderAt } from "../../test/render";
import { NotificationsPage } from "./NotificationsPage";

const channel: Schemas["ChannelRead"] = {
  id: "c1",
  organization_id: "o1",
  name: "ops",
  kind: "slack",
  enabled: true,
  config: { host: "hooks.slack.com" },
  secret_hints: { webhook_url: "…XYZ" },
  state: "healthy",
  consecutive_failures: 0,
  last_error: null,
  last_failure_at: null,
  last_delivered_at: null,
  created_at: "2026-01-01T00:00:00Z",
  updated_at: null,
};
const page = (items: unknown[]) => ({ items, pagination: { total_count: items.length, max_page: 1, page: 1, limit: 100 } });

describe("NotificationsPage", () => {
  it("shows the provider's own answer when a test send fails", async () => {
    const seen = answer((request) => {
      const url = new URL(request.url);
      if (url.pathname.endsWith("/test")) return json({ delivered: false, status_code: 403, error: "HTTP 403: invalid_token", duration_ms: 12 });
      if (url.pathname.endsWith("/subscriptions")) return json([]);
      if (url.pathname.endsWith("/deliveries")) return json(page([]));
      return json(page([channel]));
    });
    renderAt(<NotificationsPage />, { path: "/orgs/:orgId/notifications", route: "/orgs/o1/notifications" });
    const card = await screen.findByRole("region", { name: "Channel ops" });
    await userEvent.click(within(card).getByRole("button", { name: "Send a test" }));
    expect(await within(card).findByText("✗ Not delivered: HTTP 403: invalid_token")).toBeTruthy();
    expect(seen.some((r) => r.method === "POST" && r.url.endsWith("/notification-channels/c1/test"))).toBe(true);
    // The secret is never shown, only what the channel is for.
    expect(within(card).getByText(/hooks\.slack\.com/)).toBeTruthy();
  });

  it("sends a Slack channel's URL as its only setting", async () => {
    const seen = answer((request) => (request.method === "POST" ? json(channel, 201) : json(page([]))));
    renderAt(<NotificationsPage />, { path: "/orgs/:orgId/notifications", route: "/orgs/o1/notifications" });
    const form = await screen.findByRole("form", { name: "Add a channel" });
    await userEvent.type(within(form).getByLabelText(/^Name/), "ops");
    await userEvent.type(within(form).getByLabelText(/^Webhook URL/), "https://hooks.slack.com/services/T/B/X");
    await userEvent.click(within(form).getByRole("button", { name: "Add channel" }));
    const post = seen.find((r) => r.method === "POST");
    expect(post).toBeTruthy();
    expect(await post!.json()).toEqual({
      name: "ops",
      enabled: true,
      settings: { kind: "slack", webhook_url: "https://hooks.slack.com/services/T/B/X" },
    });
  });
});
