import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { serversQuery } from "../../api/queries";
import { useOrgId } from "../../hooks/useOrgId";
import { EmptyState } from "../../ui/EmptyState";
import { QueryState } from "../../ui/QueryState";
import { RelativeTime } from "../../ui/RelativeTime";
import { NewServerForm } from "./NewServerForm";
import { ServerStatusBadge } from "./ServerStatusBadge";
import { usePageTitle } from "../../hooks/usePageTitle";

export function ServersPage() {
  const orgId = useOrgId();
  usePageTitle("Servers");
  const servers = useQuery({ ...serversQuery(orgId), refetchInterval: 30_000 });
  return (
    <>
      <h1>Servers</h1>
      <QueryState query={servers}>
        {(page) =>
          page.items.length === 0 ? (
            <EmptyState title="No servers yet">
              Add a machine you can reach over SSH below; Berth installs Swarm and Traefik on it and deploys your apps there.
            </EmptyState>
          ) : (
            <ul className="list">
              {page.items.map((server) => (
                <li key={server.id}>
                  <Link to={`/orgs/${orgId}/servers/${server.id}`}>{server.name}</Link>
                  <span className="muted">
                    {server.username}@{server.host}:{server.port}
                  </span>
                  <ServerStatusBadge server={server} />
                  <span className="muted">
                    checked <RelativeTime iso={server.last_checked_at} />
                  </span>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
      <NewServerForm orgId={orgId} />
    </>
  );
}
