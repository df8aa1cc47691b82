import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { answer, json, renderAt } from "../../test/render";
import { NewApplicationPage } from "./NewApplicationPage";

const server = { id: "s1", name: "web-1", host: "203.0.113.10", is_set_up: true };
const page = (items: unknown[]) => json({ items, pagination: { total_count: items.length, max_page: 1, page: 1, limit: 100 } });

/** The lists the form reads: servers, registries, and the caller's organisations (their role). */
function listing(request: Request, role = "member") {
  const path = new URL(request.url).pathname;
  if (path.endsWith("/servers")) return page([server]);
  if (path.endsWith("/registries")) return page([{ id: "r1", name: "ghcr", address: "ghcr.io/acme" }]);
  return json([{ id: "o1", name: "Acme", slug: "acme", acme_email: null, created_at: "2026-01-01T00:00:00Z", role }]);
}

const forbidden = () =>
  json({ type: "https://berth.dev/problems/permission-denied", title: "Permission denied", status: 403, detail: "bind mounts (/srv/media) need the admin role; use a named volume" }, 403);

async function fillBasics(form: HTMLElement) {
  await userEvent.type(within(form).getByLabelText("Name"), "web");
  await within(form).findByRole("option", { name: /web-1/ });
  await userEvent.selectOptions(within(form).getByLabelText("Server"), "s1");
}

describe("NewApplicationPage", () => {
  it("sends the runtime and shows each 422 message under its own input", async () => {
    const seen = answer((request) => {
      if (request.method === "GET") return listing(request);
      return json(
        {
          type: "https://berth.dev/problems/validation-error",
          title: "Validation error",
          status: 422,
          detail: "invalid body",
          errors: [
            { loc: ["body", "runtime", "health_check", "path"], msg: "must start with /", type: "value_error" },
            { loc: ["body", "source", "image"], msg: "not an image reference", type: "value_error" },
          ],
        },
        422,
      );
    });
    renderAt(<NewApplicationPage />, { path: "/orgs/:orgId/environments/:environmentId/new-application", route: "/orgs/o1/environments/e1/new-application" });
    const form = screen.getByRole("form", { name: "New application" });
    await fillBasics(form);
    await userEvent.type(within(form).getByLabelText("Container image"), "nginx:1");
    await userEvent.clear(within(form).getByLabelText("Path"));
    await userEvent.type(within(form).getByLabelText("Path"), "health");
    await userEvent.type(within(form).getByLabelText("Command"), "nginx{Enter}-g{Enter}daemon off;");
    await userEvent.click(within(form).getByRole("button", { name: "Create application" }));

    await screen.findByText("must start with /");
    expect(within(form).getByLabelText("Path").getAttribute("aria-invalid")).toBe("true");
    expect(within(form).getByLabelText("Container image").getAttribute("aria-invalid")).toBe("true");
    expect(within(form).getByLabelText("Port").getAttribute("aria-invalid")).toBe("false");
    // Every message has a field, so there is no extra form-level banner.
    expect(screen.queryByText(/invalid body/)).toBeNull();

    const post = seen.find((r) => r.method === "POST")!;
    expect(new URL(post.url).pathname).toBe("/api/v1/environments/e1/applications");
    expect(await post.json()).toMatchObject({
      name: "web",
      server_id: "s1",
      source: { type: "image", image: "nginx:1" },
      runtime: { port: 80, replicas: 1, command: ["nginx", "-g", "daemon off;"], health_check: { type: "http", path: "health" } },
    });
  });

  it("checks volumes before sending, then shows the API's refusal of a bind mount in the volumes section", async () => {
    const seen = answer((request) => (request.method === "GET" ? listing(request) : forbidden()));
    renderAt(<NewApplicationPage />, { path: "/orgs/:orgId/environments/:environmentId/new-application", route: "/orgs/o1/environments/e1/new-application" });
    const form = screen.getByRole("form", { name: "New application" });
    await fillBasics(form);
    await userEvent.type(within(form).getByLabelText("Container image"), "nginx:1");
    await userEvent.click(within(form).getByRole("button", { name: "Add volume" }));
    const volume = within(form).getByRole("group", { name: "Volume 1" });
    await userEvent.type(within(volume).getByLabelText("Volume name"), "-data");
    await userEvent.type(within(volume).getByLabelText("Container path"), "var/lib/app/");
    await userEvent.click(within(form).getByRole("button", { name: "Create application" }));

    expect(await within(volume).findByText(/A volume name/)).toBeTruthy();
    expect(within(volume).getByText(/absolute path/)).toBeTruthy();
    expect(seen.some((r) => r.method === "POST")).toBe(false);

    // Fixing the target as typed clears its message; a normalised path is required.
    await userEvent.clear(within(volume).getByLabelText("Container path"));
    await userEvent.type(within(volume).getByLabelText("Container path"), "/var/lib/app");
    expect(within(volume).queryByText(/absolute path/)).toBeNull();

    await userEvent.selectOptions(within(volume).getByLabelText("Kind"), "bind");
    await userEvent.clear(within(volume).getByLabelText("Host path"));
    await userEvent.type(within(volume).getByLabelText("Host path"), "/srv/media");
    await userEvent.click(within(volume).getByLabelText("Read-only"));
    await userEvent.click(within(form).getByRole("button", { name: "Create application" }));

    const refusal = await screen.findByText("bind mounts (/srv/media) need the admin role; use a named volume");
    expect(within(form).getByRole("group", { name: "Volumes" }).contains(refusal)).toBe(true);
    expect(screen.getAllByText(/need the admin role/)).toHaveLength(1);
    const post = seen.find((r) => r.method === "POST")!;
    expect((await post.json()).runtime.volumes).toEqual([{ type: "bind", source: "/srv/media", target: "/var/lib/app", read_only: true }]);
  });

  it("sends a git source with its build settings and the registry picked to push to", async () => {
    const seen = answer((request) => (request.method === "GET" ? listing(request) : json({ id: "a1" }, 201)));
    renderAt(<NewApplicationPage />, { path: "/orgs/:orgId/environments/:environmentId/new-application", route: "/orgs/o1/environments/e1/new-application" });
    const form = screen.getByRole("form", { name: "New application" });
    await fillBasics(form);
    await userEvent.click(within(form).getByLabelText(/Git repository/));
    await userEvent.type(within(form).getByLabelText("Repository"), "git@example.test:acme/web.git");
    await userEvent.type(within(form).getByLabelText("Target stage"), "runtime");
    await userEvent.type(within(form).getByLabelText("Build arguments"), "NODE_ENV=production{Enter}VERSION=1=2");
    await within(form).findByRole("option", { name: /ghcr/ });
    await userEvent.selectOptions(within(form).getByLabelText("Push to registry"), "r1");
    await userEvent.click(within(form).getByRole("button", { name: "Create application" }));

    await screen.findByText("navigated away");
    const body = await seen.find((r) => r.method === "POST")!.json();
    expect(body.source).toEqual({ type: "git", repository: "git@example.test:acme/web.git", ref: "main", commit: null, path: "." });
    expect(body.build).toEqual({
      dockerfile: "Dockerfile",
      context: ".",
      target: "runtime",
      args: { NODE_ENV: "production", VERSION: "1=2" },
      push_registry_id: "r1",
    });
  });
});
