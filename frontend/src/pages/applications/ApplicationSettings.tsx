import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { api, type Schemas, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { useOrgId } from "../../hooks/useOrgId";
import { DangerZone } from "../../ui/DangerZone";
import { ApplicationForm } from "./ApplicationForm";
import { DeployKeyPanel } from "./DeployKeyPanel";
import { WebhookPanel } from "./WebhookPanel";
import { type ApplicationDraft, buildFromDraft, draftFromApplication, runtimeFromDraft, sourceFromDraft } from "./applicationDraft";

export function ApplicationSettings({ app }: { app: Schemas["ApplicationRead"] }) {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const save = useMutation({
    mutationFn: (draft: ApplicationDraft) =>
      unwrap(
        api.PATCH("/api/v1/applications/{application_id}", {
          params: { path: { application_id: app.id } },
          body: {
            name: draft.name,
            source: sourceFromDraft(draft),
            ...(draft.sourceType === "git" ? { build: { ...app.build, ...buildFromDraft(draft) } } : {}),
            // Over the current runtime: a setting this form doesn't show (newer API fields)
            // is kept rather than reset by the save.
            runtime: { ...app.runtime, ...runtimeFromDraft(draft) },
          },
        }),
      ),
    onSuccess: (updated) => queryClient.setQueryData(keys.app(app.id).all, updated),
  });
  return (
    <>
      {save.isSuccess && (
        <p className="notice" role="status">
          Saved. The running version is unchanged until the next deployment.
        </p>
      )}
      <ApplicationForm
        key={app.updated_at ?? app.created_at}
        orgId={orgId}
        initial={draftFromApplication(app)}
        mode="edit"
        error={save.error}
        pending={save.isPending}
        onSubmit={(draft) => save.mutate(draft)}
      />
      {app.source.type === "git" && <DeployKeyPanel app={app} />}
      <WebhookPanel app={app} />
      <DangerZone
        what="application"
        name={app.name}
        consequence="Removes the application and its deployment history from Berth."
        onDelete={() => unwrap(api.DELETE("/api/v1/applications/{application_id}", { params: { path: { application_id: app.id } } }))}
        onDeleted={() => {
          queryClient.removeQueries({ queryKey: keys.app(app.id).all });
          void queryClient.invalidateQueries({ queryKey: keys.environment(app.environment_id).applications });
          navigate(`/orgs/${orgId}/environments/${app.environment_id}`);
        }}
      />
    </>
  );
}
