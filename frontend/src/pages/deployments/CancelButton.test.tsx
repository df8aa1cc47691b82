import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import { answer, json, renderAt } from "../../test/render";
import { CancelButton, canCancel } from "./CancelButton";

const STATUSES: Schemas["JobStatus"][] = ["queued", "running", "succeeded", "failed", "cancelled"];

describe("CancelButton", () => {
  it("is offered only while a deployment is queued or running", () => {
    for (const status of STATUSES) {
      const { unmount } = renderAt(<CancelButton deployment={{ id: "d1", application_id: "a1", status }} />);
      const shown = screen.queryByRole("button", { name: "Cancel" }) !== null;
      expect([status, shown]).toEqual([status, status === "queued" || status === "running"]);
      unmount();
    }
    expect(STATUSES.filter(canCancel)).toEqual(["queued", "running"]);
  });

  it("posts the cancel and shows a 409 when the deployment finished meanwhile", async () => {
    const seen = answer(() =>
      json({ type: "https://berth.dev/problems/deployment-finished", title: "Conflict", status: 409, detail: "deployment already finished" }, 409),
    );
    renderAt(<CancelButton deployment={{ id: "d1", application_id: "a1", status: "running" }} />);
    await userEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(await screen.findByRole("alert")).toHaveProperty("textContent", "deployment already finished");
    expect(new URL(seen[0]!.url).pathname).toBe("/api/v1/deployments/d1/cancel");
    expect(seen[0]!.method).toBe("POST");
  });
});
