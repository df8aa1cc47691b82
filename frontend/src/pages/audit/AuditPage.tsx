import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { useOrgId } from "../../hooks/useOrgId";
import { EmptyState } from "../../ui/EmptyState";
import { QueryState } from "../../ui/QueryState";
import { RelativeTime } from "../../ui/RelativeTime";
import { usePageTitle } from "../../hooks/usePageTitle";

const PAGE_SIZE = 50;

export function AuditPage() {
  const orgId = useOrgId();
  usePageTitle("Audit log");
  const [page, setPage] = useState(1);
  const events = useQuery({
    queryKey: keys.org(orgId).audit(page),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{organization_id}/audit-events", {
          params: { path: { organization_id: orgId }, query: { page, limit: PAGE_SIZE, sorting: ["-created_at"] } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <h1>Audit log</h1>
      <QueryState query={events}>
        {(data) =>
          data.items.length === 0 ? (
            <EmptyState title="Nothing recorded yet">Every change made in this organisation appears here, with who made it and when.</EmptyState>
          ) : (
            <>
              <table className="table" aria-label="Audit events">
                <thead>
                  <tr>
                    <th>When</th>
                    <th>Actor</th>
                    <th>Action</th>
                    <th>Target</th>
                    <th>Request</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((e) => (
                    <tr key={e.id}>
                      <td>
                        <RelativeTime iso={e.created_at} />
                      </td>
                      <td>{e.actor_label}</td>
                      <td>
                        <code>{e.action}</code>
                      </td>
                      <td>
                        {e.target_type} <span className="muted">{e.target_id?.slice(0, 8)}</span>
                      </td>
                      <td className="muted">{e.request_id?.slice(0, 12)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <div className="row pager">
                <button type="button" className="secondary" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
                  Newer
                </button>
                <span className="muted">
                  page {data.pagination.page} of {Math.max(1, data.pagination.max_page)}
                </span>
                <button type="button" className="secondary" disabled={page >= data.pagination.max_page} onClick={() => setPage((p) => p + 1)}>
                  Older
                </button>
              </div>
            </>
          )
        }
      </QueryState>
    </>
  );
}
