import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, type Schemas, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { errorFor, formError } from "../../api/problem";
import { isTerminal } from "../../lib/deploymentStatus";
import { Field, FormError } from "../../ui/Field";
import { DeployForm } from "./DeployForm";
import { DeploymentHistory } from "./DeploymentHistory";

type App = Schemas["ApplicationRead"];

export function ApplicationOverview({ app }: { app: App }) {
  const deployments = useQuery({
    queryKey: keys.app(app.id).deployments,
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/applications/{application_id}/deployments", {
          params: { path: { application_id: app.id }, query: { limit: 20, sorting: ["-created_at"] } },
        }),
      ),
    // Keep statuses honest while anything is still moving.
    refetchInterval: (query) => (query.state.data?.items.some((d) => !isTerminal(d.status)) ? 2000 : false),
  });
  return (
    <>
      <DeployForm app={app} />
      <section aria-label="Routing">
        <h2>Domains</h2>
        {app.hostname ? (
          <p>
            Served at <a href={`http://${app.hostname}`}>{app.hostname}</a> by its server's Traefik (the generated host name).
          </p>
        ) : (
          <p className="muted">No host name: give the server a base domain to route this app by name.</p>
        )}
      </section>
      <ScaleForm app={app} />
      <h2>Deployment history</h2>
      <DeploymentHistory app={app} query={deployments} />
    </>
  );
}

function ScaleForm({ app }: { app: App }) {
  const [replicas, setReplicas] = useState(String(app.runtime.replicas));
  const queryClient = useQueryClient();
  const scale = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/applications/{application_id}/scale", {
          params: { path: { application_id: app.id } },
          body: { replicas: Number(replicas) },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.app(app.id).all }),
  });
  return (
    <form
      className="inline-form compact"
      aria-label="Scale"
      onSubmit={(event) => {
        event.preventDefault();
        scale.mutate();
      }}
    >
      <Field label="Replicas" error={errorFor(scale.error, "replicas")}>
        {(p) => <input {...p} type="number" min={0} value={replicas} onChange={(e) => setReplicas(e.target.value)} />}
      </Field>
      <button type="submit" className="secondary" disabled={scale.isPending || !app.current_deployment_id}>
        Scale
      </button>
      <FormError message={formError(scale.error, ["replicas"])} />
    </form>
  );
}
