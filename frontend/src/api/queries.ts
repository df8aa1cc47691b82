// Query options shared by several screens (a list page, the dashboard, the command palette):
// one key and one request per list, so the screens share a cache entry instead of
// fetching the same list twice in two shapes.
import { queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import { keys } from "./keys";

export const projectsQuery = (orgId: string) =>
  queryOptions({
    queryKey: keys.org(orgId).projects,
    queryFn: () =>
      unwrap(api.GET("/api/v1/organizations/{organization_id}/projects", { params: { path: { organization_id: orgId }, query: { limit: 100 } } })),
  });

export const serversQuery = (orgId: string) =>
  queryOptions({
    queryKey: keys.org(orgId).servers,
    queryFn: () =>
      unwrap(api.GET("/api/v1/organizations/{organization_id}/servers", { params: { path: { organization_id: orgId }, query: { limit: 100 } } })),
  });

export const projectQuery = (projectId: string) =>
  queryOptions({
    queryKey: keys.project(projectId).all,
    queryFn: () => unwrap(api.GET("/api/v1/projects/{project_id}", { params: { path: { project_id: projectId } } })),
  });

export const environmentsQuery = (projectId: string) =>
  queryOptions({
    queryKey: keys.project(projectId).environments,
    queryFn: () =>
      unwrap(api.GET("/api/v1/projects/{project_id}/environments", { params: { path: { project_id: projectId }, query: { limit: 100 } } })),
  });

export const environmentQuery = (environmentId: string) =>
  queryOptions({
    queryKey: keys.environment(environmentId).all,
    queryFn: () => unwrap(api.GET("/api/v1/environments/{environment_id}", { params: { path: { environment_id: environmentId } } })),
  });

export const applicationsQuery = (environmentId: string) =>
  queryOptions({
    queryKey: keys.environment(environmentId).applications,
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/environments/{environment_id}/applications", {
          params: { path: { environment_id: environmentId }, query: { limit: 100 } },
        }),
      ),
  });

/** The few newest deployments of an app: enough for its card and for "latest failures". */
export const latestDeploymentsQuery = (appId: string) =>
  queryOptions({
    queryKey: [...keys.app(appId).all, "latest-deployments"] as const,
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/applications/{application_id}/deployments", {
          params: { path: { application_id: appId }, query: { limit: 5, sorting: ["-created_at"] } },
        }),
      ),
  });

export const latestSetupQuery = (serverId: string) =>
  queryOptions({
    queryKey: keys.server(serverId).setups,
    queryFn: () => unwrap(api.GET("/api/v1/servers/{server_id}/setups", { params: { path: { server_id: serverId }, query: { limit: 1 } } })),
  });
