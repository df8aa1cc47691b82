import { Skeleton, Stack } from "@mantine/core";
import type { UseQueryResult } from "@tanstack/react-query";
import { ProblemError } from "../api/problem";

/** Grey blocks the size of a heading and a few rows: the layout doesn't jump when data lands. */
export function PageSkeleton({ rows = 4 }: { rows?: number }) {
  return (
    <Stack gap="sm" aria-busy>
      <span className="visually-hidden">Loading…</span>
      <Skeleton height={28} width="40%" radius="sm" />
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} height={44} radius="sm" />
      ))}
    </Stack>
  );
}

/** Loading and error rendering shared by every screen, so failures are never silent. */
export function QueryState<T>({
  query,
  children,
  skeleton,
}: {
  query: UseQueryResult<T>;
  children: (data: T) => React.ReactNode;
  skeleton?: React.ReactNode;
}) {
  if (query.isPending) return <>{skeleton ?? <ListSkeleton />}</>;
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

export function ListSkeleton({ rows = 3 }: { rows?: number }) {
  return (
    <Stack gap="xs" aria-busy>
      <span className="visually-hidden">Loading…</span>
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} height={40} radius="sm" />
      ))}
    </Stack>
  );
}
