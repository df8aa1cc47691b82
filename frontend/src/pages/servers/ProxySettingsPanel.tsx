import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, type Schemas, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { errorFor, formError } from "../../api/problem";
import { Field, FormError } from "../../ui/Field";

const FIELDS = ["proxy_image", "acme_directory_url", "acme_ca_bundle"] as const;

/**
 * The server's proxy settings. Empty means the control plane's default, so a default
 * changed there still reaches this server; a change takes effect at the next setup run.
 */
export function ProxySettingsPanel({ server }: { server: Schemas["ServerRead"] }) {
  const queryClient = useQueryClient();
  const [image, setImage] = useState(server.proxy_image ?? "");
  const [directory, setDirectory] = useState(server.acme_directory_url ?? "");
  const [caBundle, setCaBundle] = useState(server.acme_ca_bundle ?? "");
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH("/api/v1/servers/{server_id}", {
          params: { path: { server_id: server.id } },
          body: {
            proxy_image: image.trim() || null,
            acme_directory_url: directory.trim() || null,
            acme_ca_bundle: caBundle.trim() || null,
          },
        }),
      ),
    onSuccess: (updated) => {
      queryClient.setQueryData(keys.server(server.id).all, updated);
      setSaved(true);
    },
  });
  return (
    <section className="card" aria-label="Proxy settings">
      <h2>Proxy settings</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setSaved(false);
          save.mutate();
        }}
      >
        <Field label="Traefik image" error={errorFor(save.error, "proxy_image")} hint="Empty: the control plane's default">
          {(props) => <input {...props} value={image} onChange={(e) => setImage(e.target.value)} placeholder="traefik:v3.7.15" />}
        </Field>
        <Field
          label="ACME directory"
          error={errorFor(save.error, "acme_directory_url")}
          hint="An https:// URL. Empty: the control plane's default (Let's Encrypt)"
        >
          {(props) => <input {...props} value={directory} onChange={(e) => setDirectory(e.target.value)} placeholder="https://…/directory" />}
        </Field>
        <Field label="ACME CA bundle (PEM)" error={errorFor(save.error, "acme_ca_bundle")} hint="Only for a private ACME CA">
          {(props) => <textarea {...props} rows={3} value={caBundle} onChange={(e) => setCaBundle(e.target.value)} />}
        </Field>
        <button type="submit" className="secondary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save proxy settings"}
        </button>
      </form>
      {saved && <p role="status">Saved. Run the setup again to apply them to the server.</p>}
      <FormError message={formError(save.error, [...FIELDS])} />
    </section>
  );
}
