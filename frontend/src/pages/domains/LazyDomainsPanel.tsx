import { Suspense, lazy } from "react";
import type { Schemas } from "../../api/client";

// Its own chunk: the domain form is only fetched when the tab is opened, so the initial
// bundle does not grow with it.
const DomainsPanel = lazy(() => import("./DomainsPanel"));

export function LazyDomainsPanel({ app }: { app: Schemas["ApplicationRead"] }) {
  return (
    <Suspense fallback={<p className="muted" aria-busy>Loading…</p>}>
      <DomainsPanel app={app} />
    </Suspense>
  );
}
