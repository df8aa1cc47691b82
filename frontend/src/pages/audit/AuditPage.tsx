import { Box, Code, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useCallback } from "react";
import { api, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { useOrgId } from "../../hooks/useOrgId";
import { EmptyState } from "../../ui/EmptyState";
import { QueryState } from "../../ui/QueryState";
import { RelativeTime } from "../../ui/RelativeTime";
import { VirtualList } from "../../ui/VirtualList";
import { usePageTitle } from "../../hooks/usePageTitle";

const PAGE_SIZE = 100;

export function AuditPage() {
  const orgId = useOrgId();
  usePageTitle("Audit log");
  // Pages are fetched as the list scrolls and kept: a year of events never loads at once,
  // and the DOM holds only the rows in view.
  const events = useInfiniteQuery({
    queryKey: [...keys.org(orgId).audit(0), "infinite"],
    initialPageParam: 1,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/organizations/{organization_id}/audit-events", {
          params: { path: { organization_id: orgId }, query: { page: pageParam, limit: PAGE_SIZE, sorting: ["-created_at"] } },
        }),
      ),
    getNextPageParam: (last) => (last.pagination.page < last.pagination.max_page ? last.pagination.page + 1 : undefined),
  });
  const { fetchNextPage, hasNextPage, isFetchingNextPage } = events;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);
  return (
    <>
      <Title order={1}>Audit log</Title>
      <QueryState query={events}>
        {(data) => {
          const items = data.pages.flatMap((p) => p.items);
          const total = data.pages[0]?.pagination.total_count;
          return items.length === 0 ? (
            <EmptyState title="Nothing recorded yet">Every change made in this organisation appears here, with who made it and when.</EmptyState>
          ) : (
            <Stack gap="xs">
              {total !== undefined && (
                <Text size="sm" c="dimmed">
                  {total} events, newest first
                </Text>
              )}
              <Paper withBorder radius="md" className="history">
              <VirtualList
                label="Audit events"
                items={items}
                itemKey={(e) => e.id}
                hasMore={hasNextPage}
                loadingMore={isFetchingNextPage}
                loadMore={loadMore}
                renderItem={(e) => (
                  <Group gap="sm" wrap="wrap" py={6} px="xs" style={{ borderBottom: "1px solid var(--mantine-color-default-border)" }}>
                    <Text size="sm" w={110}>
                      <RelativeTime iso={e.created_at} />
                    </Text>
                    {/* Fixed widths: each row is laid out alone, and columns that line up read faster. */}
                    <Text size="sm" fw={600} w={230} truncate="end" title={e.actor_label}>
                      {e.actor_label}
                    </Text>
                    <Box miw={200}>
                      <Code>{e.action}</Code>
                    </Box>
                    <Text size="sm">
                      {e.target_type} <Text span c="dimmed" size="sm">{e.target_id?.slice(0, 8)}</Text>
                    </Text>
                    {e.request_id && (
                      <Text size="xs" c="dimmed" title="Request id">
                        {e.request_id.slice(0, 12)}
                      </Text>
                    )}
                  </Group>
                )}
              />
              </Paper>
            </Stack>
          );
        }}
      </QueryState>
    </>
  );
}
