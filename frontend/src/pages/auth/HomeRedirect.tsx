import { Navigate } from "react-router";
import { useSession } from "../../hooks/useSession";
import { EmptyState } from "../../ui/EmptyState";

const LAST_ORG = "berth.lastOrg";

export function rememberOrg(orgId: string) {
  window.localStorage.setItem(LAST_ORG, orgId);
}

/** `/` goes to the organisation used last, else the first one the user belongs to. */
export function HomeRedirect() {
  const me = useSession().data;
  const memberships = me?.memberships ?? [];
  const last = window.localStorage.getItem(LAST_ORG);
  const target = memberships.find((m) => m.organization_id === last) ?? memberships[0];
  if (!target) {
    return (
      <div className="page">
        <EmptyState title="You are not a member of any organisation yet">
          Ask an owner or admin to add you (Members → Add member), then reload.
        </EmptyState>
      </div>
    );
  }
  return <Navigate to={`/orgs/${target.organization_id}`} replace />;
}
