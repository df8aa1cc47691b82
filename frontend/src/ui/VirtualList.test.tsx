import { MantineProvider } from "@mantine/core";
import { render, screen } from "@testing-library/react";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { theme } from "../theme/theme";
import { VirtualList } from "./VirtualList";

const items = Array.from({ length: 2000 }, (_, i) => ({ id: `e${i}`, text: `event ${i}` }));

function renderList(props: { items: typeof items; hasMore: boolean; loadMore: () => void }) {
  return render(
    <MantineProvider theme={theme}>
      <VirtualList {...props} loadingMore={false} label="Events" itemKey={(e) => e.id} renderItem={(e) => <span>{e.text}</span>} />
    </MantineProvider>,
  );
}

describe("VirtualList", () => {
  // jsdom lays nothing out: give the scroll region a browser-like size (the virtualiser reads clientHeight).
  const original = Object.getOwnPropertyDescriptors(HTMLElement.prototype);
  beforeAll(() => {
    Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 600 });
    Object.defineProperty(HTMLElement.prototype, "clientWidth", { configurable: true, get: () => 800 });
    // Rows are measured once drawn: each is 56 px tall here.
    Object.defineProperty(HTMLLIElement.prototype, "offsetHeight", { configurable: true, get: () => 56 });
  });
  afterAll(() => {
    Object.defineProperty(HTMLElement.prototype, "clientHeight", original.clientHeight!);
    Object.defineProperty(HTMLElement.prototype, "clientWidth", original.clientWidth!);
    delete (HTMLLIElement.prototype as { offsetHeight?: number }).offsetHeight;
  });

  it("draws only the rows near the view, not all two thousand", async () => {
    const loadMore = vi.fn();
    renderList({ items, hasMore: true, loadMore });
    const drawn = await screen.findAllByRole("listitem");
    expect(drawn.length).toBeGreaterThan(5);
    expect(drawn.length).toBeLessThan(100);
    expect(screen.getByText("event 0")).toBeTruthy();
    expect(screen.queryByText("event 1999")).toBeNull();
    // Far from the end: nothing more is asked for yet.
    expect(loadMore).not.toHaveBeenCalled();
  });

  it("asks for the next page when the drawn rows reach the end of what it holds", () => {
    const loadMore = vi.fn();
    renderList({ items: items.slice(0, 12), hasMore: true, loadMore });
    expect(loadMore).toHaveBeenCalled();
  });

  it("does not ask when the server has nothing more", () => {
    const loadMore = vi.fn();
    renderList({ items: items.slice(0, 12), hasMore: false, loadMore });
    expect(loadMore).not.toHaveBeenCalled();
  });
});
