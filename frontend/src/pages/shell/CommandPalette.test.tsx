import { spotlight } from "@mantine/spotlight";
import { act, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { answer, json, renderAt } from "../../test/render";
import { CommandPalette } from "./CommandPalette";

const page = (items: unknown[]) => ({ items, pagination: { total_count: items.length, max_page: 1 } });

describe("CommandPalette", () => {
  it("loads the lists when opened and jumps to an application by name", async () => {
    const seen = answer((request) => {
      const path = new URL(request.url).pathname;
      if (path.endsWith("/org-1/projects")) return json(page([{ id: "p1", name: "shop", description: "" }]));
      if (path.endsWith("/projects/p1/environments")) return json(page([{ id: "e1", name: "production", project_id: "p1" }]));
      if (path.endsWith("/environments/e1/applications")) return json(page([{ id: "a1", name: "web", hostname: "web.example.test" }]));
      if (path.endsWith("/org-1/servers")) return json(page([{ id: "s1", name: "tb-1", host: "203.0.113.10" }]));
      return json({}, 404);
    });
    renderAt(<CommandPalette orgId="org-1" />, { path: "/orgs/:orgId", route: "/orgs/org-1" });
    expect(seen).toHaveLength(0);
    act(() => spotlight.open());
    await userEvent.type(await screen.findByRole("textbox", { name: "Search" }), "web");
    const hit = await screen.findByText("shop / production · web.example.test");
    await userEvent.click(hit);
    expect(await screen.findByText("navigated away")).toBeTruthy();
  });
});
