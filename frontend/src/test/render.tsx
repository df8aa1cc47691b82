import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { MantineProvider } from "@mantine/core";
import { render } from "@testing-library/react";
import { theme } from "../theme/theme";
import { MemoryRouter, Route, Routes } from "react-router";

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
