import { describe, expect, it } from "vitest";
import { ProblemError } from "../../api/problem";
import { placeDomainProblem } from "./domainProblems";

const FIELDS = ["host", "path_prefix", "uploaded_certificate", "redirect_https", "basic_auth", "headers"];
const problem = (status: number, slug: string, extra: object = {}) =>
  new ProblemError({ type: `https://berth.dev/problems/${slug}`, title: slug, status, ...extra });

describe("placeDomainProblem", () => {
  it("puts a 409 domain-taken on the host", () => {
    expect(placeDomainProblem(problem(409, "domain-taken", { detail: "shop.example.com/ is already routed" }), FIELDS)).toEqual({
      fields: { host: "shop.example.com/ is already routed" },
      form: undefined,
    });
  });

  it("places 422 errors by loc, and cross-field ones by the field they name", () => {
    const error = problem(422, "validation-error", {
      detail: "invalid",
      errors: [
        { loc: ["body", "basic_auth", 1, "password"], msg: "String should have at least 8 characters", type: "string_too_short" },
        { loc: ["body"], msg: "Value error, the private key does not belong to the certificate (first in chain)", type: "value_error" },
        { loc: ["body"], msg: "Value error, something else entirely", type: "value_error" },
      ],
    });
    expect(placeDomainProblem(error, FIELDS)).toEqual({
      fields: {
        "basic_auth.1.password": "String should have at least 8 characters",
        uploaded_certificate: "Value error, the private key does not belong to the certificate (first in chain)",
      },
      form: "Value error, something else entirely",
    });
  });

  it("places an invalid-domain-change by its detail, and leaves server trouble to the form", () => {
    expect(
      placeDomainProblem(problem(422, "invalid-domain-change", { detail: "certificate 'uploaded' needs uploaded_certificate" }), FIELDS).fields,
    ).toEqual({ uploaded_certificate: "certificate 'uploaded' needs uploaded_certificate" });
    expect(placeDomainProblem(problem(503, "server-unreachable", { detail: "ssh: connection refused" }), FIELDS)).toEqual({
      fields: {},
      form: "server-unreachable: ssh: connection refused",
    });
  });
});
