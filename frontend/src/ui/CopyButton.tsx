import { useState } from "react";

export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      window.setTimeout(() => setCopied(false), 2000);
    } catch {
      // Clipboard needs a secure context; plain-HTTP installs fall back to selecting.
      window.prompt("Copy this:", text);
    }
  }
  return (
    <button type="button" className="secondary" onClick={copy}>
      {copied ? "Copied" : label}
    </button>
  );
}
