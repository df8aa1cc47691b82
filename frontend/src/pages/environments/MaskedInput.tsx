import { useState } from "react";

/** A secret input hidden by default (shoulder-surfing, screen sharing); reveal is explicit. */
export function MaskedInput({ label, value, onChange }: { label: string; value: string; onChange: (value: string) => void }) {
  const [revealed, setRevealed] = useState(false);
  return (
    <span className="masked">
      <input
        aria-label={label}
        type={revealed ? "text" : "password"}
        autoComplete="off"
        spellCheck={false}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      <button type="button" className="secondary" aria-pressed={revealed} onClick={() => setRevealed((r) => !r)}>
        {revealed ? "Hide" : "Show"}
      </button>
    </span>
  );
}
