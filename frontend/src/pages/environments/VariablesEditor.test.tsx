import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { answer, json, renderAt } from "../../test/render";
import { environmentVariables } from "../../lib/variableStores";
import { VariablesEditor } from "./VariablesEditor";

const existing = [{ key: "DATABASE_URL", is_set: true, hint: "••••db", updated_at: null, created_at: "2026-01-01T00:00:00Z" }];

describe("VariablesEditor", () => {
  it("masks values, shows only hints, and sends adds and removals as one patch", async () => {
    const seen = answer((request) => (request.method === "GET" ? json(existing) : json(existing)));
    renderAt(<VariablesEditor store={environmentVariables("e1")} emptyText="none" />);
    expect(await screen.findByText("••••db")).toBeTruthy();

    await userEvent.click(screen.getByRole("button", { name: "Add variable" }));
    await userEvent.type(screen.getByLabelText("Variable name"), "API_KEY");
    const value = screen.getByLabelText("Value of API_KEY");
    expect(value.getAttribute("type")).toBe("password");
    await userEvent.type(value, "s3cret");
    await userEvent.click(screen.getByRole("button", { name: "Show" }));
    expect(value.getAttribute("type")).toBe("text");
    await userEvent.click(screen.getByRole("button", { name: "Remove" }));
    await userEvent.click(screen.getByRole("button", { name: "Save variables" }));

    await screen.findByText("••••db");
    const patch = seen.find((r) => r.method === "PATCH")!;
    expect(await patch.json()).toEqual({ variables: { DATABASE_URL: null, API_KEY: "s3cret" } });
  });
});
