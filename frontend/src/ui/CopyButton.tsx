import { ActionIcon, Button, Tooltip } from "@mantine/core";
import { Check, Copy } from "lucide-react";
import { useState } from "react";

async function copyText(text: string, done: () => void) {
  try {
    await navigator.clipboard.writeText(text);
    done();
  } catch {
    // Clipboard needs a secure context; plain-HTTP installs fall back to selecting.
    window.prompt("Copy this:", text);
  }
}

export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  const done = () => {
    setCopied(true);
    window.setTimeout(() => setCopied(false), 2000);
  };
  return (
    <Button
      variant="default"
      size="xs"
      aria-label={label}
      leftSection={copied ? <Check size={14} aria-hidden /> : <Copy size={14} aria-hidden />}
      onClick={() => void copyText(text, done)}
    >
      {copied ? "Copied" : label}
    </Button>
  );
}

/** A small icon button beside a short sha or digest; the whole value is what is copied. */
export function CopyIcon({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  const done = () => {
    setCopied(true);
    window.setTimeout(() => setCopied(false), 2000);
  };
  return (
    <Tooltip label={copied ? "Copied" : label} withArrow>
      <ActionIcon variant="subtle" color="gray" size="sm" aria-label={label} onClick={() => void copyText(text, done)}>
        {copied ? <Check size={13} aria-hidden /> : <Copy size={13} aria-hidden />}
      </ActionIcon>
    </Tooltip>
  );
}
