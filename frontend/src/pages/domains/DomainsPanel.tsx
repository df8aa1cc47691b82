import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, type Schemas, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { ProblemError, formError } from "../../api/problem";
import { EmptyState } from "../../ui/EmptyState";
import { FormError } from "../../ui/Field";
import { QueryState } from "../../ui/QueryState";
import { CertificateBadge } from "./CertificateBadge";
import { DomainForm } from "./DomainForm";
import "./domains.css";

type Domain = Schemas["DomainRead"];
type Status = Schemas["CertificateStatus"];

export const PAGE_SIZE = 20;
/** While a certificate is being issued the status is polled; Let's Encrypt usually answers within a minute. */
const PENDING_POLL_MS = 15_000;

const WWW: Record<Domain["www_redirect"], string | null> = {
  none: null,
  "www-to-apex": "www → apex",
  "apex-to-www": "apex → www",
};

/** The application's domains, each with what the server's proxy has for its certificate. */
export default function DomainsPanel({ app }: { app: Schemas["ApplicationRead"] }) {
  const queryClient = useQueryClient();
  const domainKeys = keys.appDomains(app.id);
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<"new" | string | null>(null);

  const domains = useQuery({
    queryKey: domainKeys.page(page),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/applications/{application_id}/domains", {
          params: { path: { application_id: app.id }, query: { page, limit: PAGE_SIZE } },
        }),
      ),
  });
  const certificates = useQuery({
    queryKey: domainKeys.certificates,
    queryFn: () =>
      unwrap(api.GET("/api/v1/applications/{application_id}/domains/certificates", { params: { path: { application_id: app.id } } })),
    enabled: (domains.data?.pagination.total_count ?? 0) > 0,
    refetchInterval: (query) => (query.state.data?.some((s) => s.status === "pending") ? PENDING_POLL_MS : false),
  });
  const server = useQuery({
    queryKey: keys.server(app.server_id).all,
    queryFn: () => unwrap(api.GET("/api/v1/servers/{server_id}", { params: { path: { server_id: app.server_id } } })),
  });

  const refreshAll = () => queryClient.invalidateQueries({ queryKey: domainKeys.all });
  const [added, setAdded] = useState<Domain | null>(null);
  const create = useMutation({
    mutationFn: (body: Schemas["DomainCreate"]) =>
      unwrap(api.POST("/api/v1/applications/{application_id}/domains", { params: { path: { application_id: app.id } }, body })),
    onSuccess: async (domain) => {
      setEditing(null);
      setAdded(domain);
      await refreshAll();
    },
  });
  const update = useMutation({
    mutationFn: ({ id, body }: { id: string; body: Schemas["DomainUpdate"] }) =>
      unwrap(api.PATCH("/api/v1/domains/{domain_id}", { params: { path: { domain_id: id } }, body })),
    onSuccess: async () => {
      setEditing(null);
      await refreshAll();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/domains/{domain_id}", { params: { path: { domain_id: id } } })),
    onSuccess: async (_, id) => {
      if (added?.id === id) setAdded(null);
      // The last domain of a later page is gone: show the page before it rather than an empty one.
      if (page > 1 && domains.data?.items.length === 1) setPage(page - 1);
      await refreshAll();
    },
  });
  const refresh = useMutation({
    mutationFn: (id: string) => unwrap(api.GET("/api/v1/domains/{domain_id}/certificate", { params: { path: { domain_id: id } } })),
    onSuccess: (status) =>
      queryClient.setQueryData<Status[]>(domainKeys.certificates, (all = []) => [
        ...all.filter((s) => s.domain_id !== status.domain_id),
        status,
      ]),
  });

  const statusOf = (id: string) => certificates.data?.find((s) => s.domain_id === id);
  const open = (target: "new" | string | null) => {
    create.reset();
    update.reset();
    setEditing(target);
  };
  const serverHost = server.data ? `${server.data.name} (${server.data.host})` : "the application's server";

  return (
    <section aria-label="Domains">
      <div className="title-row">
        <h2>Domains</h2>
        {editing === null && <button onClick={() => open("new")}>Add domain</button>}
      </div>
      {editing === "new" && (
        <DomainForm
          appPort={app.runtime.port}
          error={create.error}
          pending={create.isPending}
          onCreate={(body) => create.mutate(body)}
          onCancel={() => open(null)}
        />
      )}
      {added && editing === null && (
        <p className="notice" role="status">
          {added.host_unicode} is routed.{" "}
          {added.certificate.startsWith("letsencrypt")
            ? "The proxy requests its certificate now; the status below refreshes while it is pending."
            : null}
        </p>
      )}
      {certificates.isError && (
        <div className="form-error" role="alert">
          Certificate status is unavailable:{" "}
          {certificates.error instanceof ProblemError
            ? `${certificates.error.title}${certificates.error.detail ? `: ${certificates.error.detail}` : ""}`
            : String(certificates.error)}
        </div>
      )}
      <FormError message={formError(remove.error, []) ?? formError(refresh.error, [])} />
      <QueryState query={domains}>
        {({ items, pagination }) =>
          pagination.total_count === 0 ? (
            editing !== "new" && (
              <EmptyState title="No domains yet">
                Point the host's DNS at {serverHost}: an A record (or AAAA) for the host, e.g. <code>shop.example.com</code>. Then
                add the domain here; a Let's Encrypt certificate is requested once the name resolves to the server. Until then
                the app answers on its generated host name{app.hostname ? <> (<code>{app.hostname}</code>)</> : null}.
              </EmptyState>
            )
          ) : (
            <>
              <table className="table">
                <thead>
                  <tr>
                    <th>Host</th>
                    <th>Routing</th>
                    <th>Certificate</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {items.map((domain) =>
                    editing === domain.id ? (
                      <tr key={domain.id}>
                        <td colSpan={4}>
                          <DomainForm
                            domain={domain}
                            appPort={app.runtime.port}
                            error={update.error}
                            pending={update.isPending}
                            onUpdate={(body) => update.mutate({ id: domain.id, body })}
                            onCancel={() => open(null)}
                          />
                        </td>
                      </tr>
                    ) : (
                      <tr key={domain.id} data-domain={domain.host}>
                        <td>
                          <div className="domain-host">
                            <a href={`${domain.certificate === "none" ? "http" : "https"}://${domain.host}${domain.path_prefix}`} target="_blank" rel="noreferrer">
                              {domain.host_unicode}
                              {domain.path_prefix !== "/" && domain.path_prefix}
                            </a>
                            {domain.host !== domain.host_unicode && (
                              <code className="muted small" title="As routed (punycode)">
                                {domain.host}
                              </code>
                            )}
                          </div>
                        </td>
                        <td className="muted small">
                          {[
                            `port ${domain.port ?? `${app.runtime.port} (app's)`}`,
                            domain.strip_prefix && "prefix stripped",
                            domain.redirect_https && "HTTP → HTTPS",
                            WWW[domain.www_redirect],
                            domain.basic_auth_users.length > 0 && `basic auth: ${domain.basic_auth_users.join(", ")}`,
                            Object.keys(domain.headers).length > 0 && `${Object.keys(domain.headers).length} header(s)`,
                          ]
                            .filter(Boolean)
                            .join(" · ")}
                        </td>
                        <td>
                          <CertificateBadge status={statusOf(domain.id)} />
                        </td>
                        <td className="actions">
                          <button
                            type="button"
                            className="secondary"
                            disabled={refresh.isPending && refresh.variables === domain.id}
                            onClick={() => refresh.mutate(domain.id)}
                          >
                            Refresh status<span className="visually-hidden"> of {domain.host_unicode}</span>
                          </button>
                          <button type="button" className="secondary" disabled={editing !== null} onClick={() => open(domain.id)}>
                            Edit<span className="visually-hidden"> {domain.host_unicode}</span>
                          </button>
                          <button
                            type="button"
                            className="danger"
                            disabled={remove.isPending}
                            onClick={() => {
                              if (window.confirm(`Remove ${domain.host_unicode}${domain.path_prefix}? The server stops routing it at once.`))
                                remove.mutate(domain.id);
                            }}
                          >
                            Delete<span className="visually-hidden"> {domain.host_unicode}</span>
                          </button>
                        </td>
                      </tr>
                    ),
                  )}
                </tbody>
              </table>
              {pagination.max_page > 1 && (
                <nav className="pager" aria-label="Domain pages">
                  <button type="button" className="secondary" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
                    Previous
                  </button>
                  <span className="muted">
                    Page {pagination.page} of {pagination.max_page}
                  </span>
                  <button type="button" className="secondary" disabled={page >= pagination.max_page} onClick={() => setPage((p) => p + 1)}>
                    Next
                  </button>
                </nav>
              )}
            </>
          )
        }
      </QueryState>
    </section>
  );
}
