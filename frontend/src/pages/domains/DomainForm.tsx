import { useRef, useState } from "react";
import type { Schemas } from "../../api/client";
import { useFocusFirstInvalid } from "../../hooks/useFocusFirstInvalid";
import { Field, FormError } from "../../ui/Field";
import {
  CERTIFICATE_CHOICES,
  type DomainDraft,
  type Serialized,
  type WwwRedirect,
  createBody,
  draftFromDomain,
  emptyDraft,
  updateBody,
  withCertificate,
} from "./domainDraft";
import { messageFor, placeDomainProblem } from "./domainProblems";

type Domain = Schemas["DomainRead"];

const FIELDS = [
  "host",
  "path_prefix",
  "strip_prefix",
  "port",
  "certificate",
  "redirect_https",
  "www_redirect",
  "uploaded_certificate",
  "basic_auth",
  "headers",
];

type Props = {
  /** The domain being edited; absent when adding one. */
  domain?: Domain | undefined;
  /** The app's own container port, the default target. */
  appPort?: number | null | undefined;
  error: unknown;
  pending: boolean;
  onCreate?: (body: Schemas["DomainCreate"]) => void;
  onUpdate?: (body: Schemas["DomainUpdate"]) => void;
  onCancel: () => void;
};

export function DomainForm({ domain, appPort, error, pending, onCreate, onUpdate, onCancel }: Props) {
  const [draft, setDraft] = useState<DomainDraft>(() => (domain ? draftFromDomain(domain) : emptyDraft()));
  const [clientErrors, setClientErrors] = useState<Record<string, string> | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const placed = placeDomainProblem(error, FIELDS);
  // A refusal here (before any request) stands in for the last server answer until the next submit.
  const fields = clientErrors ?? placed.fields;
  const formMessage = clientErrors ? undefined : placed.form;
  useFocusFirstInvalid(formRef, clientErrors ?? error);
  const err = (path: string) => messageFor(fields, path);
  const set = <K extends keyof DomainDraft>(key: K, value: DomainDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const editing = Boolean(domain);
  const tls = draft.certificate !== "none";
  const choice = CERTIFICATE_CHOICES.find((c) => c.value === draft.certificate);

  function submit() {
    const result: Serialized<unknown> = domain ? updateBody(draft, domain) : createBody(draft);
    if (result.errors) {
      setClientErrors(result.errors);
      return;
    }
    setClientErrors(null);
    if (domain) onUpdate?.(result.body as Schemas["DomainUpdate"]);
    else onCreate?.(result.body as Schemas["DomainCreate"]);
  }

  const updateRow = <K extends "users" | "headers">(key: K, index: number, patch: Partial<DomainDraft[K][number]>) =>
    setDraft((d) => ({ ...d, [key]: d[key].map((row, i) => (i === index ? { ...row, ...patch } : row)) }));
  const removeRow = (key: "users" | "headers", index: number) =>
    setDraft((d) => ({ ...d, [key]: d[key].filter((_, i) => i !== index) }));

  return (
    <form
      ref={formRef}
      className="card"
      aria-label={editing ? `Edit ${domain!.host_unicode}` : "Add a domain"}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <fieldset>
        <legend>Route</legend>
        {editing ? (
          <p className="muted">
            <strong>{domain!.host_unicode}</strong>
            {domain!.host !== domain!.host_unicode && <code> ({domain!.host})</code>}
            {" "}
            <code>{domain!.path_prefix}</code> — host and path name the route: to change them, add a domain and remove this one.
          </p>
        ) : (
          <div className="row">
            <Field label="Host" error={err("host")} hint="e.g. shop.example.com; international names are fine (stored as punycode)">
              {(p) => (
                <input {...p} required autoComplete="off" spellCheck={false} value={draft.host} onChange={(e) => set("host", e.target.value)} />
              )}
            </Field>
            <Field label="Path prefix" error={err("path_prefix")} hint="/ for the whole host">
              {(p) => <input {...p} spellCheck={false} value={draft.pathPrefix} onChange={(e) => set("pathPrefix", e.target.value)} />}
            </Field>
          </div>
        )}
        <div className="row">
          <Field label="Target port" error={err("port")} hint={appPort ? `Empty for the app's port (${appPort})` : "Empty for the app's port"}>
            {(p) => <input {...p} type="number" min={1} max={65535} value={draft.port} onChange={(e) => set("port", e.target.value)} />}
          </Field>
          <Field label="WWW redirect" error={err("www_redirect")}>
            {(p) => (
              <select {...p} value={draft.wwwRedirect} onChange={(e) => set("wwwRedirect", e.target.value as WwwRedirect)}>
                <option value="none">None</option>
                <option value="www-to-apex">www → apex (www.example.com → example.com)</option>
                <option value="apex-to-www">apex → www (example.com → www.example.com)</option>
              </select>
            )}
          </Field>
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.stripPrefix}
            aria-invalid={Boolean(err("strip_prefix"))}
            onChange={(e) => set("stripPrefix", e.target.checked)}
          />
          Strip the path prefix before the request reaches the app
        </label>
        {err("strip_prefix") && (
          <div className="field-error" role="alert">
            {err("strip_prefix")}
          </div>
        )}
      </fieldset>

      <fieldset>
        <legend>HTTPS</legend>
        <Field label="Certificate" error={err("certificate")} hint={choice?.hint}>
          {(p) => (
            <select {...p} value={draft.certificate} onChange={(e) => setDraft((d) => withCertificate(d, e.target.value as DomainDraft["certificate"]))}>
              {CERTIFICATE_CHOICES.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {draft.certificate === "uploaded" && (
          <div className="row">
            <Field
              label="Certificate (PEM)"
              error={err("uploaded_certificate.certificate") ?? err("uploaded_certificate")}
              hint={editing && domain!.certificate === "uploaded" ? "Leave both empty to keep the current certificate" : "Chain, leaf first"}
            >
              {(p) => (
                <textarea
                  {...p}
                  className="pem"
                  rows={6}
                  spellCheck={false}
                  placeholder="-----BEGIN CERTIFICATE-----"
                  value={draft.certificatePem}
                  onChange={(e) => set("certificatePem", e.target.value)}
                />
              )}
            </Field>
            <Field label="Private key (PEM)" error={err("uploaded_certificate.private_key")} hint="Unencrypted; stored encrypted, never shown again">
              {(p) => (
                <textarea
                  {...p}
                  className="pem"
                  rows={6}
                  spellCheck={false}
                  autoComplete="off"
                  placeholder="-----BEGIN PRIVATE KEY-----"
                  value={draft.privateKeyPem}
                  onChange={(e) => set("privateKeyPem", e.target.value)}
                />
              )}
            </Field>
          </div>
        )}
        <label className="check">
          <input
            type="checkbox"
            disabled={!tls}
            checked={tls && draft.redirectHttps}
            aria-invalid={Boolean(err("redirect_https"))}
            onChange={(e) => set("redirectHttps", e.target.checked)}
          />
          Redirect HTTP to HTTPS{!tls && " (needs a certificate)"}
        </label>
        {err("redirect_https") && (
          <div className="field-error" role="alert">
            {err("redirect_https")}
          </div>
        )}
      </fieldset>

      <fieldset>
        <legend>Basic auth</legend>
        <p className="hint">
          Visitors must sign in with one of these users. Passwords are stored as hashes only and never shown; changing the list
          means entering every kept user's password again.
        </p>
        <div className="domain-rows">
          {draft.users.map((user, index) => {
            const nameError = err(`basic_auth.${index}.username`);
            const passwordError = err(`basic_auth.${index}.password`);
            return (
              <div key={index}>
                <div className="row">
                  {user.existing ? (
                    <span>
                      <strong>{user.username}</strong>
                    </span>
                  ) : (
                    <input
                      aria-label={`User ${index + 1} name`}
                      placeholder="username"
                      autoComplete="off"
                      value={user.username}
                      aria-invalid={Boolean(nameError)}
                      onChange={(e) => updateRow("users", index, { username: e.target.value })}
                    />
                  )}
                  <input
                    type="password"
                    aria-label={`Password of ${user.username || `user ${index + 1}`}`}
                    placeholder={user.existing ? "unchanged" : "password (8+ characters)"}
                    autoComplete="new-password"
                    value={user.password}
                    aria-invalid={Boolean(passwordError)}
                    onChange={(e) => updateRow("users", index, { password: e.target.value })}
                  />
                  <button type="button" className="secondary" onClick={() => removeRow("users", index)}>
                    Remove {user.username || "user"}
                  </button>
                </div>
                {(nameError || passwordError) && (
                  <div className="field-error" role="alert">
                    {[nameError, passwordError].filter(Boolean).join("; ")}
                  </div>
                )}
              </div>
            );
          })}
        </div>
        {err("basic_auth") && !draft.users.some((_, i) => err(`basic_auth.${i}`)) && (
          <div className="field-error" role="alert">
            {err("basic_auth")}
          </div>
        )}
        <button
          type="button"
          className="secondary"
          onClick={() => set("users", [...draft.users, { username: "", password: "", existing: false }])}
        >
          Add user
        </button>
      </fieldset>

      <fieldset>
        <legend>Response headers</legend>
        <div className="domain-rows">
          {draft.headers.map((header, index) => (
            <div key={index}>
              <div className="row">
                <input
                  aria-label={`Header ${index + 1} name`}
                  placeholder="X-Frame-Options"
                  spellCheck={false}
                  value={header.key}
                  aria-invalid={Boolean(err(`headers.${index}`))}
                  onChange={(e) => updateRow("headers", index, { key: e.target.value })}
                />
                <input
                  aria-label={`Header ${index + 1} value`}
                  placeholder="DENY"
                  spellCheck={false}
                  value={header.value}
                  onChange={(e) => updateRow("headers", index, { value: e.target.value })}
                />
                <button type="button" className="secondary" onClick={() => removeRow("headers", index)}>
                  Remove header
                </button>
              </div>
              {err(`headers.${index}`) && (
                <div className="field-error" role="alert">
                  {err(`headers.${index}`)}
                </div>
              )}
            </div>
          ))}
        </div>
        {fields.headers && (
          <div className="field-error" role="alert">
            {fields.headers}
          </div>
        )}
        <button type="button" className="secondary" onClick={() => set("headers", [...draft.headers, { key: "", value: "" }])}>
          Add header
        </button>
      </fieldset>

      <FormError message={formMessage} />
      <div className="row">
        <button type="submit" disabled={pending}>
          {editing ? "Save domain" : "Add domain"}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
