import { Anchor, Text, Title, Tooltip } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Globe } from "lucide-react";
import { Link } from "react-router";
import { api, type Schemas, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { formError } from "../../api/problem";
import { useOrgId } from "../../hooks/useOrgId";
import { latestDeploymentsQuery } from "../../api/queries";
import { applicationStatus } from "../../lib/applicationStatus";
import { isTerminal } from "../../lib/deploymentStatus";
import { toneColor } from "../../lib/status";
import { Badge, StatusBadge } from "../../ui/Badge";
import { type CertificateView, certificateView } from "../domains/certificateStatus";
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

/** Custom domains shown in the header; the Domains tab has the rest and the full certificate detail. */
export const HEADER_DOMAINS = 10;

/**
 * Every domain the app answers on, each with its certificate state. The generated host name
 * is routed on the plain-HTTP entry point only (api/infra/service_spec.py), so it says so
 * rather than leaving the reader to guess why https:// fails there.
 */
export function AppDomains({ app }: { app: App }) {
  const orgId = useOrgId();
  const domainKeys = keys.appDomains(app.id);
  const domains = useQuery({
    queryKey: [...domainKeys.all, "header"] as const,
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/applications/{application_id}/domains", {
          params: { path: { application_id: app.id }, query: { page: 1, limit: HEADER_DOMAINS } },
        }),
      ),
  });
  const certificates = useQuery({
    queryKey: domainKeys.certificates,
    queryFn: () =>
      unwrap(api.GET("/api/v1/applications/{application_id}/domains/certificates", { params: { path: { application_id: app.id } } })),
    enabled: (domains.data?.pagination.total_count ?? 0) > 0,
    // Issuance takes seconds to minutes: look again while any certificate is still pending.
    refetchInterval: (query) => (query.state.data?.some((c) => c.status === "pending") ? 10_000 : false),
  });
  const custom = domains.data?.items ?? [];
  const more = (domains.data?.pagination.total_count ?? 0) - custom.length;
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
        <li data-domain={app.hostname}>
          <Globe size={15} aria-hidden />
          <Anchor href={`http://${app.hostname}`} target="_blank" rel="noreferrer" size="sm" className="hostname">
            {app.hostname}
          </Anchor>
          <Text span size="xs" className="muted">
            generated
          </Text>
          <CertificateBadge
            view={{ tone: "neutral", label: "HTTP only", detail: "Generated host names have no certificate; add a custom domain for HTTPS", reason: null }}
          />
        </li>
      )}
      {custom.map((domain) => {
        const status = certificates.data?.find((s) => s.domain_id === domain.id);
        const view: HeaderCertificate = status
          ? certificateView(status)
          : certificates.isError
            ? { tone: "neutral", label: "Unknown", detail: "The server's proxy could not be asked", reason: formError(certificates.error, []) ?? null }
            : { tone: "neutral", label: "Checking…", detail: null, reason: null };
        const scheme = domain.certificate === "none" ? "http" : "https";
        return (
          <li key={domain.id} data-domain={domain.host}>
            <Globe size={15} aria-hidden />
            <Anchor href={`${scheme}://${domain.host}${domain.path_prefix}`} target="_blank" rel="noreferrer" size="sm">
              {domain.host_unicode || domain.host}
              {domain.path_prefix !== "/" ? domain.path_prefix : ""}
            </Anchor>
            <CertificateBadge view={view} />
          </li>
        );
      })}
      {more > 0 && (
        <li>
          <Anchor component={Link} to={`/orgs/${orgId}/applications/${app.id}/domains`} size="sm">
            {more} more domain{more === 1 ? "" : "s"}
          </Anchor>
        </li>
      )}
    </ul>
  );
}

type HeaderCertificate = Pick<CertificateView, "tone" | "label" | "detail" | "reason">;

/**
 * The badge, and the CA's reason in words beside it: a failed certificate's reason is what
 * says which DNS record to fix, so it is text (read by screen readers, shown at 390 px), not
 * only a hover tooltip.
 */
function CertificateBadge({ view }: { view: HeaderCertificate }) {
  const explanation = [view.detail, view.reason].filter(Boolean).join(": ");
  return (
    <>
      <Tooltip label={explanation} disabled={!explanation} multiline w={300} withArrow>
        {/* Focusable when it explains something, so the tooltip opens from the keyboard too. */}
        <span className="cert-badge" tabIndex={explanation ? 0 : undefined}>
          <Badge tone={view.tone}>
            <span className="visually-hidden">certificate </span>
            {view.label}
          </Badge>
        </span>
      </Tooltip>
      {view.reason && (
        <Text span size="xs" className="cert-reason" title={view.reason} style={{ color: toneColor(view.tone) }}>
          {view.reason}
        </Text>
      )}
    </>
  );
}
