// What a certificate status means to the reader: a tone and a word for the badge, the
// expiry to show, and the CA's own reason — verbatim, because that text ("NXDOMAIN looking
// up A for shop.example") is what tells them which DNS record to fix.
import type { Schemas } from "../../api/client";
import type { Tone } from "../../ui/Badge";

type Status = Schemas["CertificateStatus"];

export type CertificateView = {
  tone: Tone;
  label: string;
  /** A short line under the badge: issuer, mode, what happens next. */
  detail: string | null;
  /** The CA's or proxy's reason, shown as given. */
  reason: string | null;
  /** Shown as a relative time ("expires in 2 months"). */
  expiresAt: string | null;
  failedAt: string | null;
};

/** Certificates due within this many days are flagged; Traefik renews Let's Encrypt ones 30 days ahead. */
export const EXPIRY_WARNING_DAYS = 14;
const DAY_MS = 24 * 3600 * 1000;

function expiryTone(notAfter: string | null, now: Date): Tone {
  if (!notAfter) return "good";
  const left = new Date(notAfter).getTime() - now.getTime();
  if (left <= 0) return "bad";
  return left < EXPIRY_WARNING_DAYS * DAY_MS ? "warn" : "good";
}

export function certificateView(status: Status | undefined, now: Date = new Date()): CertificateView {
  const base = { detail: null, reason: null, expiresAt: null, failedAt: null };
  if (!status) return { ...base, tone: "neutral", label: "Unknown" };
  switch (status.status) {
    case "pending":
      return {
        ...base,
        tone: "busy",
        label: "Pending",
        detail: status.certificate === "uploaded" ? "Waiting for the proxy to load it" : "Waiting for the certificate authority",
        reason: status.reason,
      };
    case "issued": {
      const tone = expiryTone(status.not_after, now);
      return {
        ...base,
        tone,
        label: tone === "bad" ? "Expired" : "Issued",
        detail: status.issuer ? `by ${status.issuer}` : null,
        expiresAt: status.not_after,
      };
    }
    case "failed":
      return {
        ...base,
        tone: "bad",
        label: "Failed",
        detail: "The certificate authority refused to issue it",
        reason: status.reason ?? "no reason was given",
        failedAt: status.failed_at,
      };
    case "uploaded": {
      const tone = expiryTone(status.not_after, now);
      return { ...base, tone, label: tone === "bad" ? "Uploaded, expired" : "Uploaded", expiresAt: status.not_after };
    }
    case "none":
      return { ...base, tone: "neutral", label: "No TLS", detail: "Plain HTTP" };
  }
}
