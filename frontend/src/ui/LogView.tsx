import { useEffect, useRef, useState } from "react";

/**
 * A log that stays pinned to the newest line while following, and stops jumping as soon
 * as the reader scrolls up to read something.
 */
export function LogView({ lines, label, emptyText }: { lines: string[]; label: string; emptyText: string }) {
  const ref = useRef<HTMLPreElement>(null);
  const [pinned, setPinned] = useState(true);
  useEffect(() => {
    const element = ref.current;
    if (element && pinned) element.scrollTop = element.scrollHeight;
  }, [lines, pinned]);
  return (
    <pre
      ref={ref}
      className="log"
      aria-label={label}
      aria-live="polite"
      tabIndex={0}
      onScroll={(event) => {
        const el = event.currentTarget;
        setPinned(el.scrollHeight - el.scrollTop - el.clientHeight < 24);
      }}
    >
      {lines.length === 0 ? <span className="muted">{emptyText}</span> : lines.join("\n")}
    </pre>
  );
}
