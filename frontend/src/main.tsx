import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import "@mantine/spotlight/styles.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { keys } from "./api/keys";
import { ProblemError } from "./api/problem";
import { AppRoutes } from "./AppRoutes";
import "./styles.css";
import { cssVariablesResolver, theme } from "./theme/theme";

// A session that expired while the page was open: re-ask who we are, and RequireSession
// sends the person to the login (and back here afterwards) instead of showing 401s.
function onSessionLost(error: unknown, key?: readonly unknown[]) {
  if (error instanceof ProblemError && error.status === 401 && key?.[0] !== keys.me[0]) {
    void queryClient.invalidateQueries({ queryKey: keys.me });
  }
}

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (error, query) => onSessionLost(error, query.queryKey) }),
  mutationCache: new MutationCache({ onError: (error) => onSessionLost(error) }),
  defaultOptions: {
    queries: {
      staleTime: 5_000,
      // A 4xx will not fix itself by asking again; a dropped connection might.
      retry: (count, error) => !(error instanceof ProblemError && error.status < 500) && count < 2,
    },
  },
});

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    {/* "auto" follows the OS until the person picks a theme with the header's switch. */}
    <MantineProvider theme={theme} defaultColorScheme="auto" cssVariablesResolver={cssVariablesResolver}>
      <Notifications position="bottom-right" limit={4} />
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
