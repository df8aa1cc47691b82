import { Loader, Text } from "@mantine/core";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef } from "react";

type Props<T> = {
  items: T[];
  /** Rows the server still holds beyond `items`: the list asks for them when the user scrolls near the end. */
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => void;
  renderItem: (item: T, index: number) => React.ReactNode;
  itemKey: (item: T) => string;
  label: string;
  /** A row's height before it is measured; rows may be taller (they are measured once drawn). */
  estimateSize?: number;
  height?: number | string;
  /** Instead of a fixed height: as tall as the rows, scrolling once they pass this. */
  maxHeight?: number | string;
};

/**
 * A long list (thousands of audit events or deployments) draws only the rows in view, and
 * pages the rest in as the end comes near: the DOM stays small and the first page shows at once.
 */
export function VirtualList<T>({ items, hasMore, loadingMore, loadMore, renderItem, itemKey, label, estimateSize = 56, height = "70vh", maxHeight }: Props<T>) {
  const parent = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => parent.current,
    estimateSize: () => estimateSize,
    getItemKey: (i) => itemKey(items[i]!),
    overscan: 8,
    // jsdom and the first paint have no layout yet: draw a screenful rather than nothing.
    initialRect: { width: 800, height: 800 },
  });
  const virtualItems = virtualizer.getVirtualItems();
  const last = virtualItems[virtualItems.length - 1];
  useEffect(() => {
    if (last && last.index >= items.length - 10 && hasMore && !loadingMore) loadMore();
  }, [last, items.length, hasMore, loadingMore, loadMore]);
  return (
    // A focusable scroll region: keyboard users scroll it with the arrow keys and Page Down.
    <div
      ref={parent}
      tabIndex={0}
      role="region"
      aria-label={`${label} (scrollable)`}
      style={
        // Size containment needs a definite height; a list that grows to a maximum keeps
        // only layout and paint containment.
        maxHeight === undefined ? { height, overflowY: "auto", contain: "strict" } : { maxHeight, overflowY: "auto", contain: "content" }
      }
    >
      <ul aria-label={label} style={{ height: virtualizer.getTotalSize(), position: "relative", margin: 0, padding: 0, listStyle: "none" }}>
        {virtualItems.map((row) => (
          <li
            key={row.key}
            data-index={row.index}
            ref={virtualizer.measureElement}
            aria-setsize={hasMore ? -1 : items.length}
            aria-posinset={row.index + 1}
            style={{ position: "absolute", top: 0, left: 0, width: "100%", transform: `translateY(${row.start}px)` }}
          >
            {renderItem(items[row.index]!, row.index)}
          </li>
        ))}
      </ul>
      {loadingMore && (
        <Text size="sm" c="dimmed" p="sm" role="status">
          <Loader size="xs" mr="xs" /> Loading older entries…
        </Text>
      )}
    </div>
  );
}
