import { Anchor, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Globe } from "lucide-react";
import { api, type Schemas, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { latestDeploymentsQuery } from "../../api/queries";
import { applicationStatus } from "../../lib/applicationStatus";
import { isTerminal } from "../../lib/deploymentStatus";
import { Badge, StatusBadge } from "../../ui/Badge";
import { certificateView } from "../domains/certificateStatus";
import { DeployForm } from "./DeployForm";

type App = Schemas["ApplicationRead"];

/** Name, status, every domain with its certificate state, and the actions, in one place. */
export function ApplicationHeader({ app }: { app: App }) {
  const latest = useQuery({
    ...latestDeploymentsQuery(app.id),
    refetchInterval: (query) => (query.state.data?.items.some((d) => !isTerminal(d.status)) ? 2000 : 15_000),
  });
  const state = latest.data ? applicationStatus(app, latest.data.items[0]) : undefined;
  return (
    <header className="app-header-block">
      <div className="app-header">
        <Title order={1}>{app.name}</Title>
        {state && <StatusBadge status={state.status} label={state.label} />}
        <Text size="sm" className="muted">
          {app.runtime.replicas} replica{app.runtime.replicas === 1 ? "" : "s"}
        </Text>
      </div>
      <AppDomains app={app} />
      <DeployForm app={app} />
    </header>
  );
}

function AppDomains({ app }: { app: App }) {
  const domainKeys = keys.appDomains(app.id);
  const domains = useQuery({
    queryKey: [...domainKeys.all, "header"] as const,
    queryFn: () =>
      unwrap(api.GET("/api/v1/applications/{application_id}/domains", { params: { path: { application_id: app.id }, query: { page: 1, limit: 10 } } })),
  });
  const certificates = useQuery({
    queryKey: domainKeys.certificates,
    queryFn: () =>
      unwrap(api.GET("/api/v1/applications/{application_id}/domains/certificates", { params: { path: { application_id: app.id } } })),
    enabled: (domains.data?.pagination.total_count ?? 0) > 0,
  });
  const custom = domains.data?.items ?? [];
  if (!app.hostname && custom.length === 0) {
    return (
      <Text size="sm" className="muted" my="xs">
        No domain yet: give the server a base domain for a generated host name, or add a custom domain.
      </Text>
    );
  }
  return (
    <ul className="domains-inline" aria-label="Domains">
      {app.hostname && (
        <li>
          <Globe size={15} aria-hidden />
          <Anchor href={`http://${app.hostname}`} target="_blank" rel="noreferrer" size="sm" className="hostname">
            {app.hostname}
          </Anchor>
          <Text span size="xs" className="muted">
            generated
          </Text>
        </li>
      )}
      {custom.map((domain) => {
        const view = certificateView(certificates.data?.find((s) => s.domain_id === domain.id));
        const scheme = domain.certificate === "none" ? "http" : "https";
        return (
          <li key={domain.id} data-domain={domain.host}>
            <Globe size={15} aria-hidden />
            <Anchor href={`${scheme}://${domain.host}${domain.path_prefix}`} target="_blank" rel="noreferrer" size="sm">
              {domain.host_unicode || domain.host}
              {domain.path_prefix !== "/" ? domain.path_prefix : ""}
            </Anchor>
            <Badge tone={view.tone}>{view.label}</Badge>
          </li>
        );
      })}
    </ul>
  );
}
