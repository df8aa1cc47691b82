// The domain form's state and its translation to the API's bodies. Kept apart from the
// components so the rules (what a PATCH sends, what a write-only list needs) are tested
// without rendering anything.
import type { Schemas } from "../../api/client";

export type CertificateMode = Schemas["CertificateMode"];
export type WwwRedirect = Schemas["WwwRedirect"];
type Domain = Schemas["DomainRead"];
type DomainCreate = Schemas["DomainCreate"];
type DomainUpdate = Schemas["DomainUpdate"];

/** `existing`: a user the API already has; its password is write-only, so it starts empty. */
export type AuthUserRow = { username: string; password: string; existing: boolean };
export type HeaderRow = { key: string; value: string };

export type DomainDraft = {
  host: string;
  pathPrefix: string;
  stripPrefix: boolean;
  port: string;
  certificate: CertificateMode;
  redirectHttps: boolean;
  wwwRedirect: WwwRedirect;
  certificatePem: string;
  privateKeyPem: string;
  users: AuthUserRow[];
  headers: HeaderRow[];
};

export const CERTIFICATE_CHOICES: { value: CertificateMode; label: string; hint: string }[] = [
  { value: "letsencrypt-http", label: "Let's Encrypt (HTTP-01)", hint: "Needs port 80 reachable from the internet" },
  { value: "letsencrypt-tls-alpn", label: "Let's Encrypt (TLS-ALPN-01)", hint: "Needs port 443 reachable; port 80 may stay closed" },
  { value: "uploaded", label: "Upload a certificate", hint: "PEM certificate chain (leaf first) and its unencrypted key" },
  { value: "none", label: "None (plain HTTP)", hint: "No TLS: the domain answers on port 80 only" },
];

export const emptyDraft = (): DomainDraft => ({
  host: "",
  pathPrefix: "/",
  stripPrefix: false,
  port: "",
  certificate: "letsencrypt-http",
  redirectHttps: true,
  wwwRedirect: "none",
  certificatePem: "",
  privateKeyPem: "",
  users: [],
  headers: [],
});

export function draftFromDomain(domain: Domain): DomainDraft {
  return {
    host: domain.host_unicode,
    pathPrefix: domain.path_prefix,
    stripPrefix: domain.strip_prefix,
    port: domain.port == null ? "" : String(domain.port),
    certificate: domain.certificate,
    redirectHttps: domain.redirect_https,
    wwwRedirect: domain.www_redirect,
    certificatePem: "",
    privateKeyPem: "",
    users: domain.basic_auth_users.map((username) => ({ username, password: "", existing: true })),
    headers: Object.entries(domain.headers).map(([key, value]) => ({ key, value })),
  };
}

/** Changing the certificate keeps the redirect sensible: no redirect to an HTTPS that isn't there. */
export function withCertificate(draft: DomainDraft, certificate: CertificateMode): DomainDraft {
  const redirectHttps = certificate === "none" ? false : draft.certificate === "none" ? true : draft.redirectHttps;
  return { ...draft, certificate, redirectHttps };
}

/** Client-side errors use the same dotted paths as the API's 422 `errors[].loc`. */
export type Serialized<T> = { body: T; errors?: undefined } | { body?: undefined; errors: Record<string, string> };

function headersFrom(rows: HeaderRow[], errors: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = {};
  rows.forEach((row, index) => {
    const key = row.key.trim();
    if (!key && !row.value) return; // an untouched blank row
    if (!key) errors[`headers.${index}`] = "a header needs a name";
    else if (Object.keys(headers).some((k) => k.toLowerCase() === key.toLowerCase()))
      errors[`headers.${index}`] = `${key} is given twice`;
    else headers[key] = row.value;
  });
  return headers;
}

/**
 * The API replaces the whole user list and keeps only bcrypt hashes, so a list that
 * changed must carry every kept user's password again; an unchanged list is not sent.
 */
function usersFrom(rows: AuthUserRow[], initial: string[], errors: Record<string, string>) {
  const kept = rows.filter((r) => r.existing).map((r) => r.username);
  const changed =
    rows.some((r) => !r.existing || r.password !== "") || kept.length !== initial.length || kept.some((u, i) => u !== initial[i]);
  if (!changed) return undefined;
  rows.forEach((row, index) => {
    if (!row.username.trim()) errors[`basic_auth.${index}.username`] = "a user needs a name";
    if (!row.password)
      errors[`basic_auth.${index}.password`] = row.existing
        ? "re-enter this user's password: the user list is saved whole and passwords are never read back"
        : "a user needs a password";
  });
  return rows.map((r) => ({ username: r.username.trim(), password: r.password }));
}

function uploadFrom(draft: DomainDraft, required: boolean, errors: Record<string, string>) {
  if (draft.certificate !== "uploaded") return undefined;
  const certificate = draft.certificatePem.trim();
  const privateKey = draft.privateKeyPem.trim();
  if (!certificate && !privateKey && !required) return undefined; // keep the stored pair
  if (!certificate) errors["uploaded_certificate.certificate"] = "paste the PEM certificate chain";
  if (!privateKey) errors["uploaded_certificate.private_key"] = "paste the PEM private key";
  return { certificate: `${certificate}\n`, private_key: `${privateKey}\n` };
}

function portFrom(draft: DomainDraft, errors: Record<string, string>): number | null {
  if (draft.port.trim() === "") return null;
  const port = Number(draft.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) errors.port = "a port is 1 to 65535, or empty for the app's";
  return port;
}

const done = <T>(body: T, errors: Record<string, string>): Serialized<T> =>
  Object.keys(errors).length > 0 ? { errors } : { body };

export function createBody(draft: DomainDraft): Serialized<DomainCreate> {
  const errors: Record<string, string> = {};
  const body: DomainCreate = {
    host: draft.host.trim(),
    path_prefix: draft.pathPrefix.trim() || "/",
    strip_prefix: draft.stripPrefix,
    port: portFrom(draft, errors),
    certificate: draft.certificate,
    redirect_https: draft.certificate !== "none" && draft.redirectHttps,
    www_redirect: draft.wwwRedirect,
    basic_auth: usersFrom(draft.users, [], errors) ?? [],
    headers: headersFrom(draft.headers, errors),
  };
  const upload = uploadFrom(draft, true, errors);
  if (upload) body.uploaded_certificate = upload;
  return done(body, errors);
}

/** Only what changed: the audit log records the fields sent, and an untouched list stays as it is. */
export function updateBody(draft: DomainDraft, domain: Domain): Serialized<DomainUpdate> {
  const errors: Record<string, string> = {};
  const body: DomainUpdate = {};
  if (draft.stripPrefix !== domain.strip_prefix) body.strip_prefix = draft.stripPrefix;
  const port = portFrom(draft, errors);
  if (port !== domain.port) body.port = port;
  if (draft.certificate !== domain.certificate) body.certificate = draft.certificate;
  const redirect = draft.certificate !== "none" && draft.redirectHttps;
  if (redirect !== domain.redirect_https || body.certificate) body.redirect_https = redirect;
  if (draft.wwwRedirect !== domain.www_redirect) body.www_redirect = draft.wwwRedirect;
  const users = usersFrom(draft.users, domain.basic_auth_users, errors);
  if (users) body.basic_auth = users;
  const headers = headersFrom(draft.headers, errors);
  if (JSON.stringify(headers) !== JSON.stringify(domain.headers)) body.headers = headers;
  const upload = uploadFrom(draft, domain.certificate !== "uploaded", errors);
  if (upload) body.uploaded_certificate = upload;
  return done(body, errors);
}
