import { useQuery } from "@tanstack/react-query";
import { api, type Schemas, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { isTerminal } from "../../lib/deploymentStatus";
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
      <h2>Deployment history</h2>
      <DeploymentHistory app={app} query={deployments} />
    </>
  );
}
