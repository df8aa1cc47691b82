import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, type Schemas, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { formError } from "../../api/problem";
import { FormError } from "../../ui/Field";

type Deployment = Pick<Schemas["DeploymentRead"], "id" | "status" | "application_id">;

/** Only a deployment that hasn't finished can be cancelled; a finished one is history. */
export function canCancel(status: Schemas["JobStatus"]): boolean {
  return status === "queued" || status === "running";
}

/**
 * Cancel asks; it doesn't declare. A queued deployment is dropped at once, a running one
 * stops when its worker notices, so the badge keeps saying what the API says until the
 * row reads `cancelled`.
 */
export function CancelButton({ deployment }: { deployment: Deployment }) {
  const queryClient = useQueryClient();
  const cancel = useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/v1/deployments/{deployment_id}/cancel", { params: { path: { deployment_id: deployment.id } } })),
    onSuccess: (updated) => {
      queryClient.setQueryData(keys.deployment(deployment.id).all, updated);
      void queryClient.invalidateQueries({ queryKey: keys.app(deployment.application_id).deployments });
    },
  });
  if (!canCancel(deployment.status)) return null;
  return (
    <>
      <button type="button" className="danger" disabled={cancel.isPending || cancel.isSuccess} onClick={() => cancel.mutate()}>
        {cancel.isPending ? "Cancelling…" : cancel.isSuccess && deployment.status === "running" ? "Stopping…" : "Cancel"}
      </button>
      <FormError message={formError(cancel.error, [])} />
    </>
  );
}
