import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { MantineProvider } from "@mantine/core";
import { render } from "@testing-library/react";
import { theme } from "../theme/theme";
import { MemoryRouter, Route, Routes } from "react-router";
import { afterAll, beforeAll } from "vitest";

/** Render a screen at a route with a fresh query cache (no retries: a test wants the first answer). */
export function renderAt(element: React.ReactNode, { path = "/", route = "/" }: { path?: string; route?: string } = {}) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <MantineProvider theme={theme}>
      <QueryClientProvider client={client}>
        <MemoryRouter initialEntries={[route]}>
          <Routes>
            <Route path={path} element={element} />
            <Route path="*" element={<p>navigated away</p>} />
          </Routes>
        </MemoryRouter>
      </QueryClientProvider>
    </MantineProvider>,
  );
}

type Handler = (request: Request) => Response | Promise<Response>;

/**
 * Answer the client's requests at the network boundary with API-shaped bodies, recording
 * them: the real API is exercised by the browser tests, these check the screens' logic.
 */
export function answer(handler: Handler): Request[] {
  const seen: Request[] = [];
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(new URL(String(input), "http://berth.test"), init);
    seen.push(request.clone());
    return handler(request);
  };
  return seen;
}

export const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": status >= 400 ? "application/problem+json" : "application/json" },
  });

/**
 * The DOM under test lays nothing out, so a virtualised list (ui/VirtualList) would draw no
 * rows: give scroll regions a browser-like size and rows a height for the calling suite.
 */
export function useListLayout({ viewport = 600, row = 56 }: { viewport?: number; row?: number } = {}) {
  const original = Object.getOwnPropertyDescriptors(HTMLElement.prototype);
  beforeAll(() => {
    Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => viewport });
    Object.defineProperty(HTMLElement.prototype, "clientWidth", { configurable: true, get: () => 800 });
    Object.defineProperty(HTMLLIElement.prototype, "offsetHeight", { configurable: true, get: () => row });
  });
  afterAll(() => {
    Object.defineProperty(HTMLElement.prototype, "clientHeight", original.clientHeight!);
    Object.defineProperty(HTMLElement.prototype, "clientWidth", original.clientWidth!);
    delete (HTMLLIElement.prototype as { offsetHeight?: number }).offsetHeight;
  });
}
