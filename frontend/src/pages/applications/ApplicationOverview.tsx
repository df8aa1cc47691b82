import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, type Schemas, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { isTerminal } from "../../lib/deploymentStatus";
import { DeploymentHistory, HISTORY_FILTERS, type HistoryFilter } from "./DeploymentHistory";

type App = Schemas["ApplicationRead"];

/** Rows per history request: a screenful and some; older pages are fetched as the list scrolls to them. */
export const HISTORY_PAGE_SIZE = 50;

export function ApplicationOverview({ app }: { app: App }) {
  const [filter, setFilter] = useState<HistoryFilter>("all");
  const states = HISTORY_FILTERS[filter].states;
  const deployments = useInfiniteQuery({
    // The filter is part of the key: page 3 of all deployments is not page 3 of the failed ones.
    queryKey: [...keys.app(app.id).deployments, { limit: HISTORY_PAGE_SIZE, filter }] as const,
    initialPageParam: 1,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/applications/{application_id}/deployments", {
          params: {
            path: { application_id: app.id },
            query: { page: pageParam, limit: HISTORY_PAGE_SIZE, sorting: ["-created_at"], ...(states ? { state: [...states] } : {}) },
          },
        }),
      ),
    getNextPageParam: (last) => (last.pagination.page < last.pagination.max_page ? last.pagination.page + 1 : undefined),
    // The previous filter's rows stay on screen while the next loads, instead of a skeleton flash.
    placeholderData: keepPreviousData,
    // Keep statuses honest while anything is still moving. Newest first, so only the first
    // page can hold a running deployment: it alone decides whether to keep polling.
    refetchInterval: (query) => (query.state.data?.pages[0]?.items.some((d) => !isTerminal(d.status)) ? 2000 : false),
  });
  return (
    <>
      <h2>Deployment history</h2>
      <DeploymentHistory app={app} query={deployments} filter={filter} onFilter={setFilter} />
    </>
  );
}
