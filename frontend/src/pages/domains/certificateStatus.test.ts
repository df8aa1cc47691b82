import { describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import { certificateView } from "./certificateStatus";

const now = new Date("2026-11-26T12:00:00Z");
const status = (patch: Partial<Schemas["CertificateStatus"]>): Schemas["CertificateStatus"] => ({
  domain_id: "d1",
  host: "shop.example.com",
  certificate: "letsencrypt-http",
  status: "pending",
  reason: null,
  not_after: null,
  issuer: null,
  failed_at: null,
  ...patch,
});

describe("certificateView", () => {
  it("shows a failed issuance's reason verbatim, as bad", () => {
    const reason = "acme: error: 400 :: urn:ietf:params:acme:error:dns :: NXDOMAIN looking up A for shop.example.com";
    const view = certificateView(status({ status: "failed", reason, failed_at: "2026-11-26T11:00:00Z" }), now);
    expect(view).toMatchObject({ tone: "bad", label: "Failed", reason, failedAt: "2026-11-26T11:00:00Z" });
  });

  it("still says failed when the CA gave no reason", () => {
    expect(certificateView(status({ status: "failed" }), now).reason).toBe("no reason was given");
  });

  it("maps issued to good with issuer and expiry, warn near expiry, bad once expired", () => {
    const issued = certificateView(status({ status: "issued", issuer: "R11", not_after: "2027-02-20T00:00:00Z" }), now);
    expect(issued).toMatchObject({ tone: "good", label: "Issued", detail: "by R11", expiresAt: "2027-02-20T00:00:00Z" });
    expect(certificateView(status({ status: "issued", not_after: "2026-12-01T00:00:00Z" }), now).tone).toBe("warn");
    expect(certificateView(status({ status: "issued", not_after: "2026-11-01T00:00:00Z" }), now)).toMatchObject({
      tone: "bad",
      label: "Expired",
    });
  });

  it("maps pending to busy with the proxy's reason, uploaded with expiry, none to neutral", () => {
    expect(certificateView(status({ status: "pending", reason: "waiting for DNS" }), now)).toMatchObject({
      tone: "busy",
      label: "Pending",
      reason: "waiting for DNS",
    });
    expect(certificateView(status({ status: "uploaded", certificate: "uploaded", not_after: "2027-06-01T00:00:00Z" }), now)).toMatchObject({
      tone: "good",
      label: "Uploaded",
      expiresAt: "2027-06-01T00:00:00Z",
    });
    expect(certificateView(status({ status: "none", certificate: "none" }), now)).toMatchObject({ tone: "neutral", label: "No TLS" });
    expect(certificateView(undefined, now)).toMatchObject({ tone: "neutral", label: "Unknown" });
  });
});
