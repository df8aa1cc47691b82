import { useEffect } from "react";

/** "web · Berth": tabs and history entries say which screen they are. */
export function usePageTitle(title: string | undefined) {
  useEffect(() => {
    document.title = title ? `${title} · Berth` : "Berth";
  }, [title]);
}
