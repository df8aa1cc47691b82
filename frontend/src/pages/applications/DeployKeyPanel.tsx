import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { api, type Schemas, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { errorFor, formError } from "../../api/problem";
import { CopyButton } from "../../ui/CopyButton";
import { FormError } from "../../ui/Field";

type App = Schemas["ApplicationRead"];

/**
 * The SSH key the server clones a private repository with. Berth generates it (or takes
 * an uploaded one) and only ever shows the public half: the private key is write-only.
 */
export function DeployKeyPanel({ app }: { app: App }) {
  const queryClient = useQueryClient();
  const [uploading, setUploading] = useState(false);
  const [privateKey, setPrivateKey] = useState("");
  const id = useId();
  const path = { params: { path: { application_id: app.id } } };
  const refreshed = (key: Schemas["DeployKeyRead"] | null) => {
    queryClient.setQueryData<App>(keys.app(app.id).all, (current) => current && { ...current, deploy_key: key });
    setPrivateKey("");
    setUploading(false);
  };
  const put = useMutation({
    mutationFn: (body: Schemas["DeployKeyCreate"]) => unwrap(api.PUT("/api/v1/applications/{application_id}/deploy-key", { ...path, body })),
    onSuccess: refreshed,
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/applications/{application_id}/deploy-key", path)),
    onSuccess: () => refreshed(null),
  });
  const key = app.deploy_key;
  const replacing = key ? "Replacing the key breaks clones until the new public key is added to the repository. Continue?" : null;
  return (
    <section className="card" aria-label="Deploy key">
      <h2>Deploy key</h2>
      {key ? (
        <>
          <p className="muted">
            Add this public key to the repository's deploy keys, read-only (GitHub: Settings → Deploy keys; GitLab: Settings →
            Repository → Deploy keys). Fingerprint <code>{key.fingerprint}</code>.
          </p>
          <div className="row">
            <pre className="key" aria-label="Public key">
              {key.public_key}
            </pre>
            <CopyButton text={key.public_key} label="Copy public key" />
          </div>
        </>
      ) : (
        <p className="muted">
          None. Public repositories over https:// need no key; for a private one (git@host:owner/repo.git), generate a key and
          add its public half to the repository.
        </p>
      )}
      <div className="row">
        <button
          type="button"
          className={key ? "secondary" : undefined}
          disabled={put.isPending}
          onClick={() => (replacing === null || window.confirm(replacing)) && put.mutate({})}
        >
          {key ? "Generate a new key" : "Generate a key"}
        </button>
        <button type="button" className="secondary" aria-expanded={uploading} onClick={() => setUploading((u) => !u)}>
          Upload a private key
        </button>
        {key && (
          <button
            type="button"
            className="danger"
            disabled={remove.isPending}
            onClick={() => window.confirm("Remove the deploy key? Private repositories can no longer be cloned.") && remove.mutate()}
          >
            Remove key
          </button>
        )}
      </div>
      {uploading && (
        <form
          aria-label="Upload a private key"
          onSubmit={(event) => {
            event.preventDefault();
            put.mutate({ private_key: privateKey });
          }}
        >
          <label htmlFor={id}>Private key (OpenSSH or PEM)</label>
          <textarea
            id={id}
            className="mono"
            rows={6}
            spellCheck={false}
            autoComplete="off"
            placeholder="-----BEGIN OPENSSH PRIVATE KEY-----"
            value={privateKey}
            aria-invalid={Boolean(errorFor(put.error, "private_key"))}
            onChange={(e) => setPrivateKey(e.target.value)}
          />
          <p className="hint">Stored encrypted and never shown again; only its public key is.</p>
          <FormError message={errorFor(put.error, "private_key")} />
          <button type="submit" disabled={!privateKey.trim() || put.isPending}>
            Save private key
          </button>
        </form>
      )}
      <FormError message={formError(put.error, ["private_key"]) ?? formError(remove.error, [])} />
    </section>
  );
}
