import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { api, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { useOrgId, useParam } from "../../hooks/useOrgId";
import { ApplicationForm } from "./ApplicationForm";
import { type ApplicationDraft, buildFromDraft, EMPTY_DRAFT, runtimeFromDraft, sourceFromDraft } from "./applicationDraft";

export function NewApplicationPage() {
  const orgId = useOrgId();
  const environmentId = useParam("environmentId");
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: (draft: ApplicationDraft) =>
      unwrap(
        api.POST("/api/v1/environments/{environment_id}/applications", {
          params: { path: { environment_id: environmentId } },
          body: {
            name: draft.name,
            server_id: draft.serverId,
            source: sourceFromDraft(draft),
            ...(draft.sourceType === "git" ? { build: buildFromDraft(draft) } : {}),
            runtime: runtimeFromDraft(draft),
          },
        }),
      ),
    onSuccess: async (app) => {
      await queryClient.invalidateQueries({ queryKey: keys.environment(environmentId).applications });
      navigate(`/orgs/${orgId}/applications/${app.id}`);
    },
  });
  return (
    <>
      <h1>New application</h1>
      <ApplicationForm
        orgId={orgId}
        initial={EMPTY_DRAFT}
        mode="create"
        error={create.error}
        pending={create.isPending}
        onSubmit={(draft) => create.mutate(draft)}
      />
    </>
  );
}
