import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import { answer, json, renderAt } from "../../test/render";
import { AppDomains } from "./ApplicationHeader";

const app = {
  id: "a1",
  organization_id: "o1",
  name: "web",
  hostname: "web.apps.example.test",
  current_deployment_id: null,
} as unknown as Schemas["ApplicationRead"];

const domain = (id: string, host: string, certificate: Schemas["CertificateMode"] = "letsencrypt-http") =>
  ({
    id,
    application_id: "a1",
    server_id: "s1",
    host,
    host_unicode: host,
    path_prefix: "/",
    certificate,
  }) as unknown as Schemas["DomainRead"];

const status = (domainId: string, host: string, s: Schemas["CertificateStatus"]["status"], reason: string | null = null): Schemas["CertificateStatus"] => ({
  domain_id: domainId,
  host,
  certificate: "letsencrypt-http",
  status: s,
  reason,
  not_after: s === "issued" ? new Date(Date.now() + 60 * 24 * 3600 * 1000).toISOString() : null,
  issuer: s === "issued" ? "Pebble" : null,
  failed_at: s === "failed" ? "2026-01-01T00:00:00Z" : null,
});

const at = { path: "/orgs/:orgId/applications/:appId", route: "/orgs/o1/applications/a1" };

function serve(domains: Schemas["DomainRead"][], total: number, certificates: Response | (() => Response)) {
  return answer((request) => {
    const path = new URL(request.url).pathname;
    if (path.endsWith("/domains/certificates")) return typeof certificates === "function" ? certificates() : certificates;
    return json({ items: domains, pagination: { total_count: total, max_page: Math.ceil(total / 10), page: 1, limit: 10 } });
  });
}

const item = (host: string) => screen.getAllByRole("listitem").find((li) => li.getAttribute("data-domain") === host)!;

describe("application header domains", () => {
  it("lists the generated and the custom domains, each with its certificate state and the CA's reason", async () => {
    const reason = "NXDOMAIN looking up A for shop.example.test";
    serve(
      [domain("d1", "shop.example.test"), domain("d2", "www.example.test")],
      2,
      json([status("d1", "shop.example.test", "failed", reason), status("d2", "www.example.test", "issued")]),
    );
    renderAt(<AppDomains app={app} />, at);
    expect(await screen.findByText(reason)).toBeTruthy();
    expect(within(item("web.apps.example.test")).getByText("HTTP only")).toBeTruthy();
    expect(within(item("shop.example.test")).getByText("Failed")).toBeTruthy();
    expect(within(item("shop.example.test")).getByRole("link").getAttribute("href")).toBe("https://shop.example.test/");
    expect(within(item("www.example.test")).getByText("Issued")).toBeTruthy();
    expect(within(item("www.example.test")).queryByText(reason)).toBeNull();
  });

  it("says the state is unknown, and why, when the server's proxy cannot be asked", async () => {
    serve([domain("d1", "shop.example.test")], 1, () =>
      json({ type: "https://berth.dev/problems/server-unreachable", title: "Server unreachable", status: 503, detail: "web-1 did not answer within 10 s" }, 503),
    );
    renderAt(<AppDomains app={app} />, at);
    expect(await screen.findByText("web-1 did not answer within 10 s")).toBeTruthy();
    expect(within(item("shop.example.test")).getByText("Unknown")).toBeTruthy();
  });

  it("links to the Domains tab for domains beyond the header's first page", async () => {
    const first = Array.from({ length: 10 }, (_, i) => domain(`d${i}`, `h${i}.example.test`, "none"));
    serve(first, 13, json(first.map((d) => ({ ...status(d.id, d.host, "none"), certificate: "none" }))));
    renderAt(<AppDomains app={app} />, at);
    const more = await screen.findByRole("link", { name: "3 more domains" });
    expect(more.getAttribute("href")).toBe("/orgs/o1/applications/a1/domains");
    expect(await within(item("h0.example.test")).findByText("No TLS")).toBeTruthy();
    expect(within(item("h0.example.test")).getByRole("link", { name: "h0.example.test" }).getAttribute("href")).toBe("http://h0.example.test/");
  });
});
