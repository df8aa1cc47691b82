import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { api, type Schemas, unwrap } from "../../api/client";
import { formError } from "../../api/problem";
import { CopyButton } from "../../ui/CopyButton";
import { FormError } from "../../ui/Field";

type Provider = Schemas["Provider"];

const PROVIDERS: { id: Provider; name: string; how: string }[] = [
  { id: "github", name: "GitHub", how: "Settings → Webhooks → Add webhook: this payload URL, content type application/json, the secret, just the push event." },
  { id: "gitlab", name: "GitLab", how: "Settings → Webhooks: this URL, the secret as the Secret token, trigger Push events." },
  { id: "gitea", name: "Gitea / Forgejo", how: "Settings → Webhooks → Add webhook → Gitea: this URL, POST, application/json, the secret, push events." },
  {
    id: "generic",
    name: "Generic (CI)",
    how: 'POST {"ref":"main","commit":"<sha>"} or {"image":"…"} with X-Berth-Signature: sha256=<HMAC-SHA256 of the body with the secret>.',
  },
];

/**
 * Push-to-deploy. The secret exists only in the answer to a rotation, so it is shown
 * once; rotating again invalidates the one the git host has.
 */
export function WebhookPanel({ app }: { app: Schemas["ApplicationRead"] }) {
  const [shown, setShown] = useState<Schemas["WebhookSecret"] | null>(null);
  const rotate = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/applications/{application_id}/webhook", { params: { path: { application_id: app.id } } })),
    onSuccess: setShown,
  });
  const branch = app.source.type === "git" ? app.source.ref : null;
  return (
    <section className="card" aria-label="Push webhook">
      <h2>Push webhook</h2>
      <p className="muted">
        {branch
          ? `A push to ${branch} deploys the pushed commit; other branches are ignored.`
          : "CI can deploy a new image by calling the generic hook with {\"image\": …}."}{" "}
        Berth keeps only one secret: creating one replaces the previous.
      </p>
      {shown ? (
        <div className="notice" role="status">
          <p>
            <strong>Copy the secret now — it is shown only once.</strong>
          </p>
          <div className="row">
            <code className="secret">{shown.secret}</code>
            <CopyButton text={shown.secret} label="Copy secret" />
          </div>
          <div className="urls">
            {PROVIDERS.filter((p) => shown.urls[p.id]).map((p) => (
              <ProviderUrl key={p.id} name={p.name} url={shown.urls[p.id]!} how={p.how} />
            ))}
          </div>
          <button type="button" className="secondary" onClick={() => setShown(null)}>
            Done
          </button>
        </div>
      ) : (
        <button
          type="button"
          disabled={rotate.isPending}
          onClick={() => window.confirm("Create a new webhook secret? A hook using the old one stops working at once.") && rotate.mutate()}
        >
          Create webhook secret
        </button>
      )}
      <FormError message={formError(rotate.error, [])} />
    </section>
  );
}

function ProviderUrl({ name, url, how }: { name: string; url: string; how: string }) {
  return (
    <>
      <strong>{name}</strong>
      <code>{url}</code>
      <CopyButton text={url} label={`Copy ${name} URL`} />
      <span className="hint">{how}</span>
    </>
  );
}
