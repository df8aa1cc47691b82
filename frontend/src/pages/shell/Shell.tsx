import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { Navigate, NavLink, Outlet, useNavigate } from "react-router";
import { api, unwrap } from "../../api/client";
import { useOrgId } from "../../hooks/useOrgId";
import { useSession } from "../../hooks/useSession";
import { rememberOrg } from "../auth/HomeRedirect";
import { OrgSwitcher } from "./OrgSwitcher";

const NAV = [
  ["projects", "Projects"],
  ["servers", "Servers"],
  ["registries", "Registries"],
  ["tokens", "API tokens"],
  ["members", "Members"],
  ["audit", "Audit log"],
  ["settings", "Organisation"],
] as const;

export function Shell() {
  const orgId = useOrgId();
  const me = useSession().data;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  useEffect(() => rememberOrg(orgId), [orgId]);
  const logout = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/auth/logout")),
    onSettled: () => {
      queryClient.clear();
      navigate("/login", { replace: true });
    },
  });
  if (me && !me.memberships.some((m) => m.organization_id === orgId)) {
    // A stale bookmark or another user's link: start from an organisation we belong to.
    return <Navigate to="/" replace />;
  }
  return (
    <div className="shell">
      <header className="topbar">
        <a className="brand" href="/">
          Berth
        </a>
        <OrgSwitcher current={orgId} memberships={me?.memberships ?? []} />
        <nav aria-label="Main">
          {NAV.map(([path, label]) => (
            <NavLink key={path} to={`/orgs/${orgId}/${path}`}>
              {label}
            </NavLink>
          ))}
        </nav>
        <div className="user">
          <span className="muted" title={me?.user.email}>
            {me?.user.full_name || me?.user.email}
          </span>
          <button type="button" className="link" onClick={() => logout.mutate()}>
            Sign out
          </button>
        </div>
      </header>
      <main className="page">
        <Outlet />
      </main>
    </div>
  );
}
