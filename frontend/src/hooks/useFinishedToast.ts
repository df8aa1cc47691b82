import { notifications } from "@mantine/notifications";
import { useEffect, useRef } from "react";
import type { Schemas } from "../api/client";
import { isTerminal } from "../lib/deploymentStatus";

/**
 * A toast when a background job this screen watched ends (a deployment, a server setup):
 * the person may be reading something else on the page, or another tab's worth of log.
 * Only a transition seen here counts — opening a finished job's page says nothing.
 */
export function useFinishedToast(
  id: string | undefined,
  status: Schemas["JobStatus"] | undefined,
  describe: (status: Schemas["JobStatus"]) => { title: string; message: string; ok: boolean },
) {
  const seen = useRef<{ id?: string; status?: Schemas["JobStatus"] }>({});
  useEffect(() => {
    const before = seen.current;
    seen.current = { ...(id ? { id } : {}), ...(status ? { status } : {}) };
    if (!id || !status || before.id !== id || !before.status) return;
    if (!isTerminal(before.status) && isTerminal(status)) {
      const { title, message, ok } = describe(status);
      notifications.show({ title, message, color: ok ? "teal" : status === "cancelled" ? "gray" : "red", autoClose: 8000 });
    }
  }, [id, status, describe]);
}
