import { describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import { createBody, draftFromDomain, emptyDraft, updateBody, withCertificate } from "./domainDraft";

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
  basic_auth_users: ["alice", "bob"],
  headers: { "X-Frame-Options": "DENY" },
  certificate_not_after: null,
  created_at: "2026-11-01T00:00:00Z",
};

describe("createBody", () => {
  it("serialises each certificate choice, with the PEM pair only for an upload", () => {
    const draft = { ...emptyDraft(), host: " shop.example.com " };
    expect(createBody(draft).body).toMatchObject({ host: "shop.example.com", certificate: "letsencrypt-http", redirect_https: true, port: null });
    expect(createBody(withCertificate(draft, "letsencrypt-tls-alpn")).body).toMatchObject({ certificate: "letsencrypt-tls-alpn" });
    const none = createBody(withCertificate(draft, "none")).body!;
    expect(none).toMatchObject({ certificate: "none", redirect_https: false });
    expect(none.uploaded_certificate).toBeUndefined();

    const uploaded = withCertificate(draft, "uploaded");
    expect(createBody(uploaded).errors).toEqual({
      "uploaded_certificate.certificate": "paste the PEM certificate chain",
      "uploaded_certificate.private_key": "paste the PEM private key",
    });
    const body = createBody({ ...uploaded, certificatePem: "-----BEGIN CERTIFICATE-----", privateKeyPem: "-----BEGIN PRIVATE KEY-----" }).body!;
    expect(body.uploaded_certificate).toEqual({ certificate: "-----BEGIN CERTIFICATE-----\n", private_key: "-----BEGIN PRIVATE KEY-----\n" });
  });

  it("turns header rows into a map, skipping blank rows and refusing duplicates", () => {
    const draft = {
      ...emptyDraft(),
      host: "shop.example.com",
      headers: [
        { key: "X-Frame-Options", value: "DENY" },
        { key: "", value: "" },
        { key: "Cache-Control", value: "no-store" },
      ],
    };
    expect(createBody(draft).body!.headers).toEqual({ "X-Frame-Options": "DENY", "Cache-Control": "no-store" });
    const dup = { ...draft, headers: [...draft.headers, { key: "x-frame-options", value: "SAMEORIGIN" }] };
    expect(createBody(dup).errors).toEqual({ "headers.3": "x-frame-options is given twice" });
  });

  it("sends basic-auth users with their passwords and needs both", () => {
    const draft = { ...emptyDraft(), host: "shop.example.com", users: [{ username: "alice", password: "correct horse", existing: false }] };
    expect(createBody(draft).body!.basic_auth).toEqual([{ username: "alice", password: "correct horse" }]);
    expect(createBody({ ...draft, users: [{ username: "", password: "", existing: false }] }).errors).toEqual({
      "basic_auth.0.username": "a user needs a name",
      "basic_auth.0.password": "a user needs a password",
    });
  });
});

describe("updateBody", () => {
  it("sends nothing for an untouched domain: existing users and headers stay as they are", () => {
    const draft = draftFromDomain(domain);
    expect(draft.users).toEqual([
      { username: "alice", password: "", existing: true },
      { username: "bob", password: "", existing: true },
    ]);
    expect(updateBody(draft, domain).body).toEqual({});
  });

  it("a changed user list is sent whole, so kept users need their password again", () => {
    const draft = draftFromDomain(domain);
    const removedBob = { ...draft, users: draft.users.slice(0, 1) };
    expect(updateBody(removedBob, domain).errors).toEqual({
      "basic_auth.0.password": expect.stringContaining("re-enter this user's password"),
    });
    const retyped = { ...removedBob, users: [{ username: "alice", password: "new secret!", existing: true }] };
    expect(updateBody(retyped, domain).body).toEqual({ basic_auth: [{ username: "alice", password: "new secret!" }] });
    expect(updateBody({ ...draft, users: [] }, domain).body).toEqual({ basic_auth: [] });
  });

  it("sends only the changed fields; a certificate change carries the redirect and an upload its pair", () => {
    const draft = draftFromDomain(domain);
    expect(updateBody({ ...draft, port: "8080", headers: [] }, domain).body).toEqual({ port: 8080, headers: {} });
    expect(updateBody(withCertificate(draft, "none"), domain).body).toEqual({ certificate: "none", redirect_https: false });
    const upload = { ...withCertificate(draft, "uploaded"), certificatePem: "CERT", privateKeyPem: "KEY" };
    expect(updateBody(upload, domain).body).toEqual({
      certificate: "uploaded",
      redirect_https: true,
      uploaded_certificate: { certificate: "CERT\n", private_key: "KEY\n" },
    });
    // An already uploaded certificate is kept when the PEM fields stay empty.
    const stored = { ...domain, certificate: "uploaded" as const };
    expect(updateBody(draftFromDomain(stored), stored).body).toEqual({});
    expect(updateBody({ ...draft, port: "70000" }, domain).errors).toEqual({ port: expect.any(String) });
  });
});
