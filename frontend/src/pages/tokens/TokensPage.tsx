import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, type Schemas, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { errorFor, formError } from "../../api/problem";
import { useOrgId } from "../../hooks/useOrgId";
import { CopyButton } from "../../ui/CopyButton";
import { EmptyState } from "../../ui/EmptyState";
import { Field, FormError } from "../../ui/Field";
import { QueryState } from "../../ui/QueryState";
import { RelativeTime } from "../../ui/RelativeTime";
import { usePageTitle } from "../../hooks/usePageTitle";

const SCOPES: Schemas["TokenScope"][] = ["read", "write", "deploy", "admin"];

export function TokensPage() {
  const orgId = useOrgId();
  usePageTitle("API tokens");
  const queryClient = useQueryClient();
  const queryKey = keys.org(orgId).tokens;
  const tokens = useQuery({
    queryKey,
    queryFn: () =>
      unwrap(api.GET("/api/v1/organizations/{organization_id}/tokens", { params: { path: { organization_id: orgId }, query: { limit: 100 } } })),
  });
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<Set<Schemas["TokenScope"]>>(new Set(["read", "deploy"]));
  const [created, setCreated] = useState<Schemas["TokenCreated"] | null>(null);
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/organizations/{organization_id}/tokens", {
          params: { path: { organization_id: orgId } },
          body: { name, scopes: SCOPES.filter((s) => scopes.has(s)) },
        }),
      ),
    onSuccess: async (token) => {
      setCreated(token);
      setName("");
      await queryClient.invalidateQueries({ queryKey });
    },
  });
  const revoke = useMutation({
    mutationFn: (tokenId: string) => unwrap(api.DELETE("/api/v1/tokens/{token_id}", { params: { path: { token_id: tokenId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey }),
  });
  return (
    <>
      <h1>API tokens</h1>
      <p className="muted">For CI and scripts: a token acts as you, narrowed to its scopes, in this organisation only.</p>
      {created && (
        <div className="notice" role="status">
          <p>
            <strong>Copy the token now — it is shown only once.</strong>
          </p>
          <div className="row">
            <code className="secret">{created.token}</code>
            <CopyButton text={created.token} />
            <button type="button" className="secondary" onClick={() => setCreated(null)}>
              Done
            </button>
          </div>
        </div>
      )}
      <QueryState query={tokens}>
        {(page) =>
          page.items.length === 0 ? (
            <EmptyState title="No tokens">Create one below for a CI pipeline; give it only the scopes it needs.</EmptyState>
          ) : (
            <table className="table" aria-label="Tokens">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Prefix</th>
                  <th>Scopes</th>
                  <th>Last used</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {page.items.map((t) => (
                  <tr key={t.id}>
                    <td>{t.name}</td>
                    <td>
                      <code>{t.prefix}…</code>
                    </td>
                    <td>{t.scopes.join(", ")}</td>
                    <td>{t.revoked_at ? "revoked" : <RelativeTime iso={t.last_used_at} />}</td>
                    <td className="actions">
                      {!t.revoked_at && (
                        <button type="button" className="danger" onClick={() => window.confirm(`Revoke ${t.name}? Anything using it stops working.`) && revoke.mutate(t.id)}>
                          Revoke
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryState>
      <form
        className="card"
        aria-label="New token"
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate();
        }}
      >
        <h2>New token</h2>
        <Field label="Name" error={errorFor(create.error, "name")}>
          {(p) => <input {...p} required placeholder="github-actions" value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <fieldset>
          <legend>Scopes</legend>
          {SCOPES.map((scope) => (
            <label key={scope} className="check">
              <input
                type="checkbox"
                checked={scopes.has(scope)}
                onChange={(e) =>
                  setScopes((all) => {
                    const next = new Set(all);
                    if (e.target.checked) next.add(scope);
                    else next.delete(scope);
                    return next;
                  })
                }
              />
              {scope}
            </label>
          ))}
          {errorFor(create.error, "scopes") && <div className="field-error">{errorFor(create.error, "scopes")}</div>}
        </fieldset>
        <FormError message={formError(create.error, ["name", "scopes"]) ?? formError(revoke.error, [])} />
        <button type="submit" disabled={create.isPending}>
          Create token
        </button>
      </form>
    </>
  );
}
