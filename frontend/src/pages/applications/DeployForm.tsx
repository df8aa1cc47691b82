import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import { api, type Schemas, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { errorFor, formError } from "../../api/problem";
import { useOrgId } from "../../hooks/useOrgId";
import { sourceLabel } from "../../lib/applicationSource";
import { Field, FormError } from "../../ui/Field";

type App = Schemas["ApplicationRead"];
type Body = Schemas["DeploymentCreate"];

/** What to send for one deployment: only what the person typed, for the app's kind of source. */
export function deploymentBody(source: App["source"], input: { image: string; ref: string; commit: string }): Body {
  if (source.type === "image") return input.image.trim() ? { image: input.image.trim() } : {};
  const body: Body = {};
  if (input.commit.trim()) body.commit = input.commit.trim();
  else if (input.ref.trim()) body.ref = input.ref.trim();
  return body;
}

/**
 * Deploy (the branch tip, or another image, branch or commit), redeploy the version serving
 * now with the current settings, or restart the running version's tasks. Each opens the new deployment's live view.
 */
export function DeployForm({ app }: { app: App }) {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [input, setInput] = useState({ image: "", ref: "", commit: "" });
  const opened = async (deployment: Schemas["DeploymentRead"]) => {
    await queryClient.invalidateQueries({ queryKey: keys.app(app.id).all });
    navigate(`/orgs/${orgId}/deployments/${deployment.id}`);
  };
  const path = { params: { path: { application_id: app.id } } };
  const deploy = useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/v1/applications/{application_id}/deployments", { ...path, body: deploymentBody(app.source, input) })),
    onSuccess: opened,
  });
  const redeploy = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/applications/{application_id}/redeploy", path)),
    onSuccess: opened,
  });
  const restart = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/applications/{application_id}/restart", path)),
    onSuccess: opened,
  });
  const set = (key: keyof typeof input) => (e: React.ChangeEvent<HTMLInputElement>) => setInput({ ...input, [key]: e.target.value });
  const source = app.source;
  return (
    <section className="card" aria-label="Deploy">
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          deploy.mutate();
        }}
      >
        {source.type === "image" ? (
          <Field label="Image for this deployment" error={errorFor(deploy.error, "image")} hint={`Empty deploys ${sourceLabel(source)}`}>
            {(p) => <input {...p} placeholder={source.image} value={input.image} onChange={set("image")} />}
          </Field>
        ) : (
          <>
            <Field label="Branch or tag" error={errorFor(deploy.error, "ref")} hint={`Empty builds ${source.ref}`}>
              {(p) => <input {...p} placeholder={source.ref} value={input.ref} onChange={set("ref")} />}
            </Field>
            <Field label="Commit" error={errorFor(deploy.error, "commit")} hint="A full commit id; wins over the branch">
              {(p) => <input {...p} className="mono" spellCheck={false} placeholder={source.commit ?? "tip of the branch"} value={input.commit} onChange={set("commit")} />}
            </Field>
          </>
        )}
        <button type="submit" disabled={deploy.isPending}>
          {deploy.isPending ? "Requesting…" : "Deploy"}
        </button>
        {app.current_deployment_id && (
          <>
            <button
              type="button"
              className="secondary"
              disabled={redeploy.isPending}
              title="The version serving now (same commit or image digest) with the current settings and variables; Deploy builds the branch tip"
              onClick={() => redeploy.mutate()}
            >
              Redeploy current settings
            </button>
            <button
              type="button"
              className="secondary"
              disabled={restart.isPending}
              title="Replace every container of the running version, one at a time, behind the health check"
              onClick={() => restart.mutate()}
            >
              Restart
            </button>
          </>
        )}
      </form>
      <FormError message={formError(deploy.error, ["image", "ref", "commit"]) ?? formError(redeploy.error, []) ?? formError(restart.error, [])} />
    </section>
  );
}
