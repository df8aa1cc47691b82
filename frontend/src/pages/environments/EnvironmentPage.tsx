import { Button } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { Link } from "react-router";
import { applicationsQuery, environmentQuery } from "../../api/queries";
import { useOrgId, useParam } from "../../hooks/useOrgId";
import { EmptyState } from "../../ui/EmptyState";
import { QueryState } from "../../ui/QueryState";
import { AppCard } from "../../ui/AppCard";
import { Crumbs, useEnvironmentCrumbs } from "../../ui/Crumbs";
import { useMemo } from "react";
import { useIsOrgAdmin } from "../../hooks/useOrgRole";
import { environmentVariables } from "../../lib/variableStores";
import { DotenvPanel } from "./DotenvPanel";
import { VariablesEditor } from "./VariablesEditor";
import { usePageTitle } from "../../hooks/usePageTitle";
import { DatabasesPanel } from "../databases/DatabasesPanel";

export function EnvironmentPage() {
  const orgId = useOrgId();
  const environmentId = useParam("environmentId");
  const environment = useQuery(environmentQuery(environmentId));
  const applications = useQuery(applicationsQuery(environmentId));
  const crumbs = useEnvironmentCrumbs(environmentId);
  usePageTitle(environment.data?.name);
  const store = useMemo(() => environmentVariables(environmentId), [environmentId]);
  const isAdmin = useIsOrgAdmin(orgId);
  const newApp = `/orgs/${orgId}/environments/${environmentId}/new-application`;
  return (
    <>
      <Crumbs items={crumbs} />
      <div className="title-row">
        <h1>{environment.data?.name ?? "Environment"}</h1>
        <Button component={Link} to={newApp} leftSection={<Plus size={16} aria-hidden />}>
          New application
        </Button>
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
            <div className="app-cards" aria-label="Applications" role="list">
              {page.items.map((app) => (
                <div role="listitem" key={app.id}>
                  <AppCard orgId={orgId} app={app} />
                </div>
              ))}
            </div>
          )
        }
      </QueryState>
      <DatabasesPanel orgId={orgId} environmentId={environmentId} />
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
