import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, type Schemas, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { formError } from "../../api/problem";
import { FormError } from "../../ui/Field";

/**
 * Trust on confirmation, not on first use: the scan only records what the server
 * presented, and the person compares it with the fingerprint printed on the machine.
 */
export function HostKeyPanel({ server }: { server: Schemas["ServerRead"] }) {
  const queryClient = useQueryClient();
  const update = (s: Schemas["ServerRead"]) => {
    queryClient.setQueryData(keys.server(server.id).all, s);
    void queryClient.invalidateQueries({ queryKey: keys.org(server.organization_id).servers });
  };
  const scan = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/servers/{server_id}/host-key/scan", { params: { path: { server_id: server.id } } })),
    onSuccess: update,
  });
  const confirm = useMutation({
    mutationFn: (fingerprint: string) =>
      unwrap(api.POST("/api/v1/servers/{server_id}/host-key/confirm", { params: { path: { server_id: server.id } }, body: { fingerprint } })),
    onSuccess: update,
  });
  const pending = server.pending_host_key_fingerprint;
  return (
    <section className="card" aria-label="Host key">
      <h2>2. Confirm the server's identity</h2>
      {server.host_key_status === "trusted" && !pending && (
        <p>
          Trusted host key <code>{server.host_key_fingerprint}</code>
        </p>
      )}
      {server.host_key_status === "changed" && (
        <p className="form-error" role="alert">
          The server now presents a different host key than the trusted <code>{server.host_key_fingerprint}</code>. Every
          connection is blocked until you confirm the new one — do so only if you reinstalled the machine.
        </p>
      )}
      {pending ? (
        <>
          <p>
            The server presented <code className="fingerprint">{pending}</code>
          </p>
          <p className="muted">
            Compare it with <code>ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</code> run on the server itself.
          </p>
          <button type="button" disabled={confirm.isPending} onClick={() => confirm.mutate(pending)}>
            The fingerprints match — trust this key
          </button>
        </>
      ) : (
        <button type="button" className={server.host_key_status === "trusted" ? "secondary" : undefined} disabled={scan.isPending} onClick={() => scan.mutate()}>
          {scan.isPending ? "Connecting…" : "Scan host key"}
        </button>
      )}
      <FormError message={formError(scan.error, []) ?? formError(confirm.error, [])} />
    </section>
  );
}
