import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
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

// A guard against a hang, not a timing assertion: on a loaded machine these user-event
// sequences take longer than vitest's default 5 s, and a timed-out test's typing would
// run on into the next test's screen.
vi.setConfig({ testTimeout: 30_000 });

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
    await userEvent.click(within(form).getByLabelText(/^Name/));
    await userEvent.paste("ops");
    await userEvent.click(within(form).getByLabelText(/^Webhook URL/));
    await userEvent.paste("https://hooks.slack.com/services/T/B/X");
    await userEvent.click(within(form).getByRole("button", { name: "Add channel" }));
    const post = seen.find((r) => r.method === "POST");
    expect(post).toBeTruthy();
    expect(await post!.json()).toEqual({
      name: "ops",
      enabled: true,
      settings: { kind: "slack", webhook_url: "https://hooks.slack.com/services/T/B/X" },
    });
  });

  const email: Schemas["ChannelRead"] = {
    ...channel,
    id: "c2",
    name: "mail",
    kind: "email",
    config: { host: "smtp.example.com", port: 587, tls: "starttls", username: "berth", sender: "berth@example.com", recipients: ["ops@example.com"] },
    secret_hints: { password: "…ord" },
  };
  const channelsAnswer = (items: Schemas["ChannelRead"][], patched: Schemas["ChannelRead"] = items[0]!) =>
    answer((request) => {
      const url = new URL(request.url);
      if (request.method === "PATCH") return json(patched);
      if (url.pathname.endsWith("/subscriptions")) return json([]);
      if (url.pathname.endsWith("/deliveries")) return json(page([]));
      return json(page(items));
    });

  it("edits an e-mail channel and keeps the password it never shows", async () => {
    const seen = channelsAnswer([email]);
    renderAt(<NotificationsPage />, { path: "/orgs/:orgId/notifications", route: "/orgs/o1/notifications" });
    const card = await screen.findByRole("region", { name: "Channel mail" });
    await userEvent.click(within(card).getByRole("button", { name: "Edit" }));
    const form = await screen.findByRole("form", { name: "Edit mail" });
    // What reads show is filled in; the password field is empty and says a masked one is stored.
    expect((within(form).getByLabelText(/^SMTP host/) as HTMLInputElement).value).toBe("smtp.example.com");
    expect((within(form).getByLabelText(/^Recipients/) as HTMLInputElement).value).toBe("ops@example.com");
    const password = within(form).getByLabelText(/^Password/) as HTMLInputElement;
    expect(password.value).toBe("");
    expect(password.type).toBe("password");
    expect(within(form).getByText(/Stored \(…ord\); leave empty to keep it/)).toBeTruthy();
    const port = within(form).getByLabelText(/^Port/);
    await userEvent.clear(port);
    await userEvent.click(port);
    await userEvent.paste("2525");
    await userEvent.click(within(form).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(seen.some((r) => r.method === "PATCH")).toBe(true));
    const patch = seen.find((r) => r.method === "PATCH")!;
    expect(new URL(patch.url).pathname).toBe("/api/v1/notification-channels/c2");
    expect(await patch.json()).toEqual({
      name: "mail",
      enabled: true,
      settings: {
        kind: "email",
        host: "smtp.example.com",
        port: 2525,
        tls: "starttls",
        username: "berth",
        sender: "berth@example.com",
        recipients: ["ops@example.com"],
      },
    });
    await waitFor(() => expect(screen.queryByRole("form", { name: "Edit mail" })).toBeNull());
  });

  it("renames and switches off a Slack channel without touching its stored URL", async () => {
    const seen = channelsAnswer([channel]);
    renderAt(<NotificationsPage />, { path: "/orgs/:orgId/notifications", route: "/orgs/o1/notifications" });
    const card = await screen.findByRole("region", { name: "Channel ops" });
    await userEvent.click(within(card).getByRole("button", { name: "Edit" }));
    const form = await screen.findByRole("form", { name: "Edit ops" });
    expect((within(form).getByLabelText(/^Webhook URL/) as HTMLInputElement).value).toBe("");
    const name = within(form).getByLabelText(/^Name/);
    await userEvent.clear(name);
    await userEvent.click(name);
    await userEvent.paste("ops-alerts");
    await userEvent.click(within(form).getByLabelText(/^Enabled/));
    await userEvent.click(within(form).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(seen.some((r) => r.method === "PATCH")).toBe(true));
    // No URL typed, so no settings: the stored URL stays.
    expect(await seen.find((r) => r.method === "PATCH")!.json()).toEqual({ name: "ops-alerts", enabled: false });
  });

  it("replaces a Slack URL when a new one is typed", async () => {
    const seen = channelsAnswer([channel]);
    renderAt(<NotificationsPage />, { path: "/orgs/:orgId/notifications", route: "/orgs/o1/notifications" });
    const card = await screen.findByRole("region", { name: "Channel ops" });
    await userEvent.click(within(card).getByRole("button", { name: "Edit" }));
    const form = await screen.findByRole("form", { name: "Edit ops" });
    expect(within(form).getByText(/Stored \(…XYZ\); leave empty to keep it/)).toBeTruthy();
    await userEvent.click(within(form).getByLabelText(/^Webhook URL/));
    await userEvent.paste("https://hooks.slack.com/services/T/B/NEW");
    await userEvent.click(within(form).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(seen.some((r) => r.method === "PATCH")).toBe(true));
    expect(await seen.find((r) => r.method === "PATCH")!.json()).toEqual({
      name: "ops",
      enabled: true,
      settings: { kind: "slack", webhook_url: "https://hooks.slack.com/services/T/B/NEW" },
    });
  });

  it("shows why an edit was refused, and keeps the dialog open", async () => {
    answer((request) => {
      const url = new URL(request.url);
      if (request.method === "PATCH")
        return json(
          {
            type: "https://berth.dev/problems/notification-destination-refused",
            title: "Berth will not send notifications there",
            status: 422,
            detail: "host points at a refused address: link-local",
          },
          422,
        );
      if (url.pathname.endsWith("/subscriptions")) return json([]);
      if (url.pathname.endsWith("/deliveries")) return json(page([]));
      return json(page([email]));
    });
    renderAt(<NotificationsPage />, { path: "/orgs/:orgId/notifications", route: "/orgs/o1/notifications" });
    const card = await screen.findByRole("region", { name: "Channel mail" });
    await userEvent.click(within(card).getByRole("button", { name: "Edit" }));
    const form = await screen.findByRole("form", { name: "Edit mail" });
    await userEvent.click(within(form).getByRole("button", { name: "Save" }));
    expect(await within(form).findByText(/link-local/)).toBeTruthy();
    expect(screen.getByRole("form", { name: "Edit mail" })).toBeTruthy();
  });
});
