import { describe, expect, it } from "vitest";
import { errorFor, fieldPath, formError, ProblemError } from "./problem";

const validation = new ProblemError({
  type: "https://berth.dev/problems/validation-error",
  title: "Validation error",
  status: 422,
  detail: "the request body is invalid",
  errors: [
    { loc: ["body", "runtime", "port"], msg: "Input should be less than or equal to 65535", type: "less_than_equal" },
    { loc: ["body", "runtime", "health_check", "path"], msg: "String should match pattern '^/'", type: "string_pattern_mismatch" },
    { loc: ["body", "name"], msg: "Field required", type: "missing" },
  ],
});

describe("problem documents", () => {
  it("drops the location prefix from field paths", () => {
    expect(fieldPath(["body", "runtime", "port"])).toBe("runtime.port");
    expect(fieldPath(["query", "limit"])).toBe("limit");
    expect(fieldPath(["name"])).toBe("name");
  });

  it("finds the message for a field and for a nested field under a section", () => {
    expect(errorFor(validation, "runtime.port")).toMatch(/65535/);
    expect(errorFor(validation, "runtime.health_check")).toMatch(/pattern/);
    expect(errorFor(validation, "source.image")).toBeUndefined();
    expect(errorFor(new Error("network"), "name")).toBeUndefined();
  });

  it("has no form-level message when every error sits on a shown field", () => {
    expect(formError(validation, ["name", "runtime"])).toBeUndefined();
  });

  it("reports errors for fields the form does not show, with their path", () => {
    expect(formError(validation, ["runtime"])).toBe("the request body is invalid — name: Field required");
  });

  it("reports a non-validation problem by its detail", () => {
    const conflict = new ProblemError({ type: "x/conflict", title: "Conflict", status: 409, detail: "name taken" });
    expect(formError(conflict, ["name"])).toBe("name taken");
  });

  it("still describes a response that is not a problem document", () => {
    const error = ProblemError.from(new Response("<html>bad gateway</html>", { status: 502, statusText: "Bad Gateway" }), undefined);
    expect(error.status).toBe(502);
    expect(error.message).toBe("the server answered 502");
  });
});
