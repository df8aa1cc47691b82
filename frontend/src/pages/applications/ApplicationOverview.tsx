import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, type Schemas, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { isTerminal } from "../../lib/deploymentStatus";
import { DeploymentHistory, HISTORY_FILTERS, type HistoryFilter } from "./DeploymentHistory";

type App = Schemas["ApplicationRead"];

/** Rows per history page: one screen of rows; older ones are a page away, never all loaded at once. */
export const HISTORY_PAGE_SIZE = 20;

export function ApplicationOverview({ app }: { app: App }) {
  const [page, setPage] = useState(1);
  const [filter, setFilter] = useState<HistoryFilter>("all");
  const states = HISTORY_FILTERS[filter].states;
  const deployments = useQuery({
    queryKey: [...keys.app(app.id).deployments, { page, limit: HISTORY_PAGE_SIZE, filter }] as const,
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/applications/{application_id}/deployments", {
          params: {
            path: { application_id: app.id },
            query: { page, limit: HISTORY_PAGE_SIZE, sorting: ["-created_at"], ...(states ? { state: [...states] } : {}) },
          },
        }),
      ),
    // The previous page stays on screen while the next loads, instead of a skeleton flash.
    placeholderData: keepPreviousData,
    // Keep statuses honest while anything is still moving.
    refetchInterval: (query) => (query.state.data?.items.some((d) => !isTerminal(d.status)) ? 2000 : false),
  });
  return (
    <>
      <h2>Deployment history</h2>
      <DeploymentHistory
        app={app}
        query={deployments}
        page={page}
        onPage={setPage}
        filter={filter}
        onFilter={(next) => {
          setFilter(next);
          setPage(1); // page 3 of all deployments is not page 3 of the failed ones
        }}
      />
    </>
  );
}
