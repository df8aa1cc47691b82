import { describe, expect, it } from "vitest";
import { answer, json } from "../test/render";
import { api, unwrap } from "./client";
import { ProblemError } from "./problem";

describe("api client", () => {
  it("sends the CSRF cookie back as a header on writes only", async () => {
    document.cookie = "berth_csrf=token-123; path=/";
    const seen = answer(() => json({ id: "p1" }));
    await unwrap(api.GET("/api/v1/organizations"));
    await unwrap(api.POST("/api/v1/organizations", { body: { name: "acme" } }));
    expect(seen[0]!.headers.get("X-CSRF-Token")).toBeNull();
    expect(seen[1]!.headers.get("X-CSRF-Token")).toBe("token-123");
  });

  it("throws the problem document of a failed call", async () => {
    answer(() => json({ type: "x/not-found", title: "Resource not found", status: 404, detail: "no project 42" }, 404));
    const failure = unwrap(api.GET("/api/v1/projects/{project_id}", { params: { path: { project_id: "42" } } }));
    await expect(failure).rejects.toBeInstanceOf(ProblemError);
    await expect(failure).rejects.toMatchObject({ status: 404, detail: "no project 42" });
  });
});
