import type { UseQueryResult } from "@tanstack/react-query";
import { ProblemError } from "../api/problem";

/** Loading and error rendering shared by every screen, so failures are never silent. */
export function QueryState<T>({
  query,
  children,
}: {
  query: UseQueryResult<T>;
  children: (data: T) => React.ReactNode;
}) {
  if (query.isPending) return <p className="muted" aria-busy>Loading…</p>;
  if (query.isError) {
    const error = query.error;
    const text = error instanceof ProblemError ? `${error.title}: ${error.detail ?? ""}` : String(error);
    return (
      <div className="form-error" role="alert">
        {text}
      </div>
    );
  }
  return <>{children(query.data)}</>;
}
