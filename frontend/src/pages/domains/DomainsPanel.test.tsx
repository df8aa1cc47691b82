import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Schemas } from "../../api/client";
import { answer, json, renderAt } from "../../test/render";
import DomainsPanel from "./DomainsPanel";

const app = { id: "a1", server_id: "s1", hostname: "web.203-0-113-10.sslip.io", runtime: { port: 3000 } } as unknown as Schemas["ApplicationRead"];
const server = { id: "s1", name: "web-1", host: "203.0.113.10" };

const domain: Schemas["DomainRead"] = {
  id: "d1",
  application_id: "a1",
  server_id: "s1",
  host: "xn--bcher-kva.example",
  host_unicode: "bücher.example",
  path_prefix: "/",
  strip_prefix: false,
  port: null,
  certificate: "letsencrypt-http",
  redirect_https: true,
  www_redirect: "none",
  basic_auth_users: ["alice"],
  headers: {},
  certificate_not_after: null,
  created_at: "2026-11-01T00:00:00Z",
};
const page = (items: Schemas["DomainRead"][]) => ({ items, pagination: { total_count: items.length, max_page: 1, page: 1, limit: 20 } });
const REASON = "urn:ietf:params:acme:error:dns :: DNS problem: NXDOMAIN looking up A for xn--bcher-kva.example";
const failed: Schemas["CertificateStatus"] = {
  domain_id: "d1",
  host: domain.host,
  certificate: "letsencrypt-http",
  status: "failed",
  reason: REASON,
  not_after: null,
  issuer: null,
  failed_at: "2026-11-26T10:00:00Z",
};
const issued: Schemas["CertificateStatus"] = { ...failed, status: "issued", reason: null, failed_at: null, issuer: "R11", not_after: "2099-01-01T00:00:00Z" };

const problem = (status: number, slug: string, extra: Record<string, unknown>) =>
  json({ type: `https://berth.dev/problems/${slug}`, title: slug, status, ...extra }, status);

/** GETs answer from the fixtures; writes go to `write`. */
function api(domains: Schemas["DomainRead"][], write: (request: Request) => Response | Promise<Response> = () => json(domain)) {
  return answer((request) => {
    const path = new URL(request.url).pathname;
    if (request.method !== "GET") return write(request);
    if (path.endsWith("/domains/certificates")) return json(domains.length ? [failed] : []);
    if (path.endsWith("/d1/certificate")) return json(issued);
    if (path.endsWith("/domains")) return json(page(domains));
    if (path.endsWith("/servers/s1")) return json(server);
    return json({}, 404);
  });
}

const nativeConfirm = window.confirm;
afterEach(() => {
  window.confirm = nativeConfirm;
});

describe("DomainsPanel", () => {
  it("says what to do when there are no domains yet", async () => {
    api([]);
    renderAt(<DomainsPanel app={app} />);
    const empty = await screen.findByRole("status");
    expect(empty.textContent).toContain("No domains yet");
    expect(await within(empty).findByText(/web-1 \(203\.0\.113\.10\)/)).toBeTruthy();
    expect(empty.textContent).toMatch(/A record .* Then\s+add the domain/);
  });

  it("lists a domain with both host spellings and the CA's failure reason verbatim; refresh shows the new status", async () => {
    const seen = api([domain]);
    renderAt(<DomainsPanel app={app} />);
    expect(await screen.findByRole("link", { name: "bücher.example" })).toBeTruthy();
    expect(screen.getByText("xn--bcher-kva.example")).toBeTruthy();
    expect(screen.getByText(/basic auth: alice/)).toBeTruthy();
    const reason = await screen.findByLabelText("Reason from the certificate authority");
    expect(reason.textContent).toBe(REASON);
    expect(screen.getByText("Failed")).toBeTruthy();

    await userEvent.click(screen.getByRole("button", { name: "Refresh status of bücher.example" }));
    expect(await screen.findByText("Issued")).toBeTruthy();
    expect(screen.getByText("by R11")).toBeTruthy();
    expect(screen.queryByLabelText("Reason from the certificate authority")).toBeNull();
    expect(seen.some((r) => new URL(r.url).pathname === "/api/v1/domains/d1/certificate")).toBe(true);
  });

  it("places a 409 duplicate next to the host and 422 field errors next to their fields", async () => {
    let attempt = 0;
    const seen = api([], () => {
      attempt += 1;
      if (attempt === 1) return problem(409, "domain-taken", { detail: "shop.example.com/ is already routed on server 'web-1'" });
      return problem(422, "validation-error", {
        detail: "the request body is invalid",
        errors: [
          { loc: ["body", "headers"], msg: "Value error, header name 'Bad Name' is not a token", type: "value_error" },
          { loc: ["body"], msg: "Value error, strip_prefix needs a path prefix other than '/'", type: "value_error" },
        ],
      });
    });
    renderAt(<DomainsPanel app={app} />);
    await userEvent.click(await screen.findByRole("button", { name: "Add domain" }));
    const form = screen.getByRole("form", { name: "Add a domain" });
    await userEvent.type(within(form).getByLabelText("Host"), "shop.example.com");
    await userEvent.click(within(form).getByRole("button", { name: "Add header" }));
    await userEvent.type(within(form).getByLabelText("Header 1 name"), "Bad Name");
    await userEvent.type(within(form).getByLabelText("Header 1 value"), "x");
    await userEvent.click(within(form).getByLabelText(/Strip the path prefix/));
    await userEvent.click(within(form).getByRole("button", { name: "Add domain" }));

    const host = within(form).getByLabelText("Host");
    expect(await within(form).findByText("shop.example.com/ is already routed on server 'web-1'")).toBeTruthy();
    expect(host.getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(host);
    const body = await seen.find((r) => r.method === "POST")!.json();
    expect(body).toMatchObject({ host: "shop.example.com", strip_prefix: true, headers: { "Bad Name": "x" } });

    await userEvent.click(within(form).getByRole("button", { name: "Add domain" }));
    expect(await within(form).findByText(/header name 'Bad Name' is not a token/)).toBeTruthy();
    expect(within(form).getByText(/strip_prefix needs a path prefix/)).toBeTruthy();
    expect(within(form).getByLabelText(/Strip the path prefix/).getAttribute("aria-invalid")).toBe("true");
    expect(host.getAttribute("aria-invalid")).toBe("false");
    // Every message sits on a field, so nothing is repeated above the buttons.
    expect(form.querySelector(".form-error")).toBeNull();
  });

  it("adds a domain with basic auth and headers, then says the certificate is on its way", async () => {
    const seen = api([], (request) => json({ ...domain, id: "d9" }, request.method === "POST" ? 201 : 200));
    renderAt(<DomainsPanel app={app} />);
    await userEvent.click(await screen.findByRole("button", { name: "Add domain" }));
    const form = screen.getByRole("form", { name: "Add a domain" });
    await userEvent.type(within(form).getByLabelText("Host"), "bücher.example");
    await userEvent.selectOptions(within(form).getByLabelText("Certificate"), "letsencrypt-tls-alpn");
    await userEvent.click(within(form).getByRole("button", { name: "Add user" }));
    await userEvent.type(within(form).getByLabelText("User 1 name"), "alice");
    await userEvent.type(within(form).getByLabelText("Password of alice"), "correct horse");
    await userEvent.click(within(form).getByRole("button", { name: "Add header" }));
    await userEvent.type(within(form).getByLabelText("Header 1 name"), "X-Frame-Options");
    await userEvent.type(within(form).getByLabelText("Header 1 value"), "DENY");
    await userEvent.click(within(form).getByRole("button", { name: "Add domain" }));

    expect(await screen.findByText(/bücher\.example is routed\. The proxy requests its certificate now/)).toBeTruthy();
    expect(screen.queryByRole("form", { name: "Add a domain" })).toBeNull();
    expect(await seen.find((r) => r.method === "POST")!.json()).toEqual({
      host: "bücher.example",
      path_prefix: "/",
      strip_prefix: false,
      port: null,
      certificate: "letsencrypt-tls-alpn",
      redirect_https: true,
      www_redirect: "none",
      basic_auth: [{ username: "alice", password: "correct horse" }],
      headers: { "X-Frame-Options": "DENY" },
    });
  });

  it("edits without resending write-only users, and deletes only after confirming", async () => {
    const seen = api([domain], (request) => (request.method === "DELETE" ? new Response(null, { status: 204 }) : json(domain)));
    renderAt(<DomainsPanel app={app} />);
    await userEvent.click(await screen.findByRole("button", { name: "Edit bücher.example" }));
    const form = screen.getByRole("form", { name: "Edit bücher.example" });
    expect(within(form).getByText("alice")).toBeTruthy();
    expect((within(form).getByLabelText("Password of alice") as HTMLInputElement).value).toBe("");
    await userEvent.selectOptions(within(form).getByLabelText("Certificate"), "letsencrypt-tls-alpn");
    await userEvent.click(within(form).getByRole("button", { name: "Save domain" }));
    await screen.findByRole("button", { name: "Edit bücher.example" });
    const patch = seen.find((r) => r.method === "PATCH")!;
    expect(new URL(patch.url).pathname).toBe("/api/v1/domains/d1");
    expect(await patch.json()).toEqual({ certificate: "letsencrypt-tls-alpn", redirect_https: true });

    const confirm = vi.fn().mockReturnValueOnce(false).mockReturnValueOnce(true);
    window.confirm = confirm;
    await userEvent.click(screen.getByRole("button", { name: "Delete bücher.example" }));
    expect(seen.some((r) => r.method === "DELETE")).toBe(false);
    await userEvent.click(screen.getByRole("button", { name: "Delete bücher.example" }));
    expect(confirm).toHaveBeenCalledTimes(2);
    await vi.waitFor(() => expect(seen.some((r) => r.method === "DELETE" && r.url.endsWith("/api/v1/domains/d1"))).toBe(true));
  });
});
