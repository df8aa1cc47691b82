import { Navigate, Outlet, useLocation } from "react-router";
import { ProblemError } from "../../api/problem";
import { useSession } from "../../hooks/useSession";

export function RequireSession() {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <p className="muted page">Loading…</p>;
  if (session.isError) {
    if (session.error instanceof ProblemError && session.error.status === 401) {
      const next = encodeURIComponent(location.pathname + location.search);
      return <Navigate to={`/login?next=${next}`} replace />;
    }
    return (
      <div className="page form-error" role="alert">
        Berth is not answering: {session.error.message}
      </div>
    );
  }
  return <Outlet />;
}
