import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { answer, json, renderAt } from "../../test/render";
import { NewApplicationPage } from "./NewApplicationPage";

const server = { id: "s1", name: "web-1", host: "203.0.113.10", is_set_up: true };

describe("NewApplicationPage", () => {
  it("sends the runtime and shows each 422 message under its own input", async () => {
    const seen = answer((request) => {
      if (request.method === "GET") return json({ items: [server], pagination: { total_count: 1, max_page: 1, page: 1, limit: 100 } });
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
    await userEvent.type(within(form).getByLabelText("Name"), "web");
    await within(form).findByRole("option", { name: /web-1/ });
    await userEvent.selectOptions(within(form).getByLabelText("Server"), "s1");
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
});
