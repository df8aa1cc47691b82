import type { Schemas } from "../../api/client";
import { Badge } from "../../ui/Badge";
import { RelativeTime } from "../../ui/RelativeTime";
import { certificateView } from "./certificateStatus";

/** The badge, the expiry as a relative time, and a failed issuance's reason word for word. */
export function CertificateBadge({ status }: { status: Schemas["CertificateStatus"] | undefined }) {
  const view = certificateView(status);
  return (
    <div className="cert-status" data-status={status?.status ?? "unknown"}>
      <Badge tone={view.tone}>{view.label}</Badge>
      {view.expiresAt && (
        <span className="muted small">
          {view.tone === "bad" ? "expired " : "expires "}
          <RelativeTime iso={view.expiresAt} />
        </span>
      )}
      {view.detail && <span className="muted small">{view.detail}</span>}
      {view.failedAt && (
        <span className="muted small">
          failed <RelativeTime iso={view.failedAt} />
        </span>
      )}
      {view.reason &&
        (view.tone === "bad" ? (
          <pre className="cert-reason" aria-label="Reason from the certificate authority">
            {view.reason}
          </pre>
        ) : (
          <span className="muted small">{view.reason}</span>
        ))}
    </div>
  );
}
