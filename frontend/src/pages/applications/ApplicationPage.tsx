import { useQuery } from "@tanstack/react-query";
import { NavLink, Route, Routes } from "react-router";
import { api, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { useOrgId, useParam } from "../../hooks/useOrgId";
import { Crumbs, useEnvironmentCrumbs } from "../../ui/Crumbs";
import { PageSkeleton, QueryState } from "../../ui/QueryState";
import { ApplicationHeader } from "./ApplicationHeader";
import { ApplicationOverview } from "./ApplicationOverview";
import { ApplicationSettings } from "./ApplicationSettings";
import { ApplicationVariables } from "./ApplicationVariables";
import { RuntimeLogs } from "./RuntimeLogs";
import { LazyDomainsPanel } from "../domains/LazyDomainsPanel";
import { usePageTitle } from "../../hooks/usePageTitle";

export function ApplicationPage() {
  const orgId = useOrgId();
  const appId = useParam("appId");
  const app = useQuery({
    queryKey: keys.app(appId).all,
    queryFn: () => unwrap(api.GET("/api/v1/applications/{application_id}", { params: { path: { application_id: appId } } })),
  });
  const base = `/orgs/${orgId}/applications/${appId}`;
  usePageTitle(app.data?.name);
  const crumbs = useEnvironmentCrumbs(app.data?.environment_id);
  return (
    <QueryState query={app} skeleton={<PageSkeleton rows={5} />}>
      {(application) => (
        <>
          <Crumbs items={[...crumbs, { label: application.name }]} />
          <ApplicationHeader app={application} />
          <nav className="tabs" aria-label="Application">
            <NavLink end to={base}>
              Overview
            </NavLink>
            <NavLink to={`${base}/logs`}>Logs</NavLink>
            <NavLink to={`${base}/variables`}>Variables</NavLink>
            <NavLink to={`${base}/domains`}>Domains</NavLink>
            <NavLink to={`${base}/settings`}>Settings</NavLink>
          </nav>
          <Routes>
            <Route index element={<ApplicationOverview app={application} />} />
            <Route path="logs" element={<RuntimeLogs appId={application.id} />} />
            <Route path="variables" element={<ApplicationVariables app={application} />} />
            <Route path="domains" element={<LazyDomainsPanel app={application} />} />
            <Route path="settings" element={<ApplicationSettings app={application} />} />
          </Routes>
        </>
      )}
    </QueryState>
  );
}
