import { Alert, Button, Code, Group, Paper, Text, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { KeyRound, ScanSearch, ShieldAlert, ShieldCheck } from "lucide-react";
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
  const trusted = server.host_key_status === "trusted";
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label="Host key" className="card">
      <Title order={2} size="h3" mb="sm">
        2. Confirm the server's identity
      </Title>
      {trusted && !pending && (
        <Group gap="xs" mb="sm" wrap="nowrap" align="flex-start">
          <ShieldCheck size={18} color="var(--tone-good)" aria-hidden style={{ flex: "none", marginTop: 2 }} />
          <Text size="sm" className="break">
            Trusted host key <Code>{server.host_key_fingerprint}</Code>
          </Text>
        </Group>
      )}
      {server.host_key_status === "changed" && (
        <Alert color="red" variant="light" role="alert" icon={<ShieldAlert size={18} aria-hidden />} title="Host key changed" mb="sm">
          The server now presents a different host key than the trusted <Code>{server.host_key_fingerprint}</Code>. Every
          connection is blocked until you confirm the new one — do so only if you reinstalled the machine.
        </Alert>
      )}
      {pending ? (
        <>
          <Text size="sm" className="break">
            The server presented{" "}
            <Code className="fingerprint" fz="sm">
              {pending}
            </Code>
          </Text>
          <Text size="sm" className="muted" mt={4} mb="sm">
            Compare it with <Code>ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</Code> run on the server itself.
          </Text>
          <Button leftSection={<KeyRound size={16} aria-hidden />} loading={confirm.isPending} onClick={() => confirm.mutate(pending)}>
            The fingerprints match — trust this key
          </Button>
        </>
      ) : (
        <Button
          variant={trusted ? "default" : "filled"}
          leftSection={<ScanSearch size={16} aria-hidden />}
          loading={scan.isPending}
          onClick={() => scan.mutate()}
        >
          Scan host key
        </Button>
      )}
      <FormError message={formError(scan.error, []) ?? formError(confirm.error, [])} />
    </Paper>
  );
}
