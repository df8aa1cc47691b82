import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { api, type Schemas, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { LogView } from "../../ui/LogView";
import { QueryState } from "../../ui/QueryState";

const FOLLOW_MS = 2000;

/**
 * The containers' output, read from the server on demand. Following re-reads only lines
 * newer than the last one seen (`since`), so a long-open tab doesn't re-download the tail.
 */
export function RuntimeLogs({ appId }: { appId: string }) {
  const [follow, setFollow] = useState(true);
  const [lines, setLines] = useState<Schemas["LogLine"][]>([]);
  const [since, setSince] = useState<number | null>(null);
  const [lastSeen, setLastSeen] = useState("");
  const query = useQuery({
    queryKey: keys.app(appId).logs(since),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/applications/{application_id}/logs", {
          params: { path: { application_id: appId }, query: since === null ? { tail: 200 } : { since } },
        }),
      ),
    refetchInterval: follow ? FOLLOW_MS : false,
  });
  useEffect(() => {
    // `since` is whole seconds, so the last second comes back again: drop what was seen.
    // Docker's RFC 3339 UTC timestamps compare correctly as strings.
    const fresh = (query.data?.lines ?? []).filter((l) => !l.timestamp || l.timestamp > lastSeen);
    if (fresh.length === 0) return;
    setLines((all) => [...all, ...fresh].slice(-2000));
    const last = fresh[fresh.length - 1]?.timestamp;
    if (last) {
      setLastSeen(last);
      setSince(Math.floor(new Date(last).getTime() / 1000));
    }
  }, [query.data]);
  return (
    <section aria-label="Runtime logs">
      <label className="check">
        <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />
        Follow
      </label>
      <QueryState query={query}>
        {() => (
          <LogView
            lines={lines.map((l) => `${l.timestamp ? new Date(l.timestamp).toLocaleTimeString([], { hour12: false }) + " " : ""}${l.message}`)}
            label="Runtime log"
            emptyText="No output from the containers yet. Deploy the application, or wait for its first request."
          />
        )}
      </QueryState>
    </section>
  );
}
