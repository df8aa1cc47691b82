import { useState } from "react";

type Props = {
  label: string;
  value: string;
  onChange: (value: string) => void;
  id?: string;
  required?: boolean;
  invalid?: boolean;
};

/** A secret input hidden by default (shoulder-surfing, screen sharing); reveal is explicit. */
export function MaskedInput({ label, value, onChange, id, required, invalid }: Props) {
  const [revealed, setRevealed] = useState(false);
  return (
    <span className="masked">
      <input
        id={id}
        aria-label={id ? undefined : label}
        aria-invalid={invalid}
        type={revealed ? "text" : "password"}
        autoComplete="off"
        spellCheck={false}
        required={required}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      <button type="button" className="secondary" aria-pressed={revealed} onClick={() => setRevealed((r) => !r)}>
        {revealed ? "Hide" : "Show"}
      </button>
    </span>
  );
}
