import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { sourceLabel } from "../../lib/applicationSource";
import { useOrgId, useParam } from "../../hooks/useOrgId";
import { EmptyState } from "../../ui/EmptyState";
import { QueryState } from "../../ui/QueryState";
import { RelativeTime } from "../../ui/RelativeTime";
import { useMemo } from "react";
import { useIsOrgAdmin } from "../../hooks/useOrgRole";
import { environmentVariables } from "../../lib/variableStores";
import { DotenvPanel } from "./DotenvPanel";
import { VariablesEditor } from "./VariablesEditor";
import { usePageTitle } from "../../hooks/usePageTitle";

export function EnvironmentPage() {
  const orgId = useOrgId();
  const environmentId = useParam("environmentId");
  const environment = useQuery({
    queryKey: keys.environment(environmentId).all,
    queryFn: () => unwrap(api.GET("/api/v1/environments/{environment_id}", { params: { path: { environment_id: environmentId } } })),
  });
  const applications = useQuery({
    queryKey: keys.environment(environmentId).applications,
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/environments/{environment_id}/applications", {
          params: { path: { environment_id: environmentId }, query: { limit: 100 } },
        }),
      ),
  });
  usePageTitle(environment.data?.name);
  const store = useMemo(() => environmentVariables(environmentId), [environmentId]);
  const isAdmin = useIsOrgAdmin(orgId);
  const newApp = `/orgs/${orgId}/environments/${environmentId}/new-application`;
  return (
    <>
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link to={`/orgs/${orgId}/projects`}>Projects</Link>
        {environment.data && <Link to={`/orgs/${orgId}/projects/${environment.data.project_id}`}>Project</Link>}
      </nav>
      <div className="title-row">
        <h1>{environment.data?.name ?? "Environment"}</h1>
        <Link className="button" to={newApp}>
          New application
        </Link>
      </div>
      <h2>Applications</h2>
      <QueryState query={applications}>
        {(page) =>
          page.items.length === 0 ? (
            <EmptyState title="No applications in this environment">
              <Link to={newApp}>Create an application</Link> from a container image; it gets a host name on its server and
              deploys on request.
            </EmptyState>
          ) : (
            <ul className="list">
              {page.items.map((app) => (
                <li key={app.id}>
                  <Link to={`/orgs/${orgId}/applications/${app.id}`}>{app.name}</Link>
                  <span className="muted">{sourceLabel(app.source)}</span>
                  <span className="muted">{app.hostname ?? "no host name"}</span>
                  <span className="muted">
                    {app.current_deployment_id ? "deployed" : "never deployed"} · created <RelativeTime iso={app.created_at} />
                  </span>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
      <h2>Environment variables</h2>
      <p className="muted">Shared by every application in this environment. Values are encrypted and never shown again.</p>
      <VariablesEditor
        store={store}
        emptyText="Add DATABASE_URL, API keys and the like, or import a .env file below; apps receive them at their next deploy."
      />
      <DotenvPanel store={store} isAdmin={isAdmin} />
    </>
  );
}
