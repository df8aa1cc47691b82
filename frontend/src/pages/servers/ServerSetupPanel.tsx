import { Alert, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CircleX, Wrench } from "lucide-react";
import { useCallback, useEffect } from "react";
import { useFinishedToast } from "../../hooks/useFinishedToast";
import { api, type Schemas, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { formError } from "../../api/problem";
import { isTerminal } from "../../lib/deploymentStatus";
import { Badge } from "../../ui/Badge";
import { FormError } from "../../ui/Field";
import { LogView } from "../../ui/LogView";
import { RelativeTime } from "../../ui/RelativeTime";
import { StepList } from "../../ui/StepList";

const SETUP_TONE = { queued: "neutral", running: "busy", succeeded: "good", failed: "bad", cancelled: "neutral" } as const;

export function ServerSetupPanel({ server }: { server: Schemas["ServerRead"] }) {
  const queryClient = useQueryClient();
  const setups = useQuery({
    queryKey: keys.server(server.id).setups,
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/servers/{server_id}/setups", {
          params: { path: { server_id: server.id }, query: { limit: 1 } },
        }),
      ),
    refetchInterval: (query) => {
      const latest = query.state.data?.items[0];
      return latest && !isTerminal(latest.status) ? 1000 : false;
    },
  });
  const latest = setups.data?.items[0];
  const running = latest !== undefined && !isTerminal(latest.status);
  const status = latest?.status;
  useEffect(() => {
    // A setup that just ended changed the server (its "set up" flag, facts): re-read it.
    if (status && isTerminal(status)) {
      void queryClient.invalidateQueries({ queryKey: keys.server(server.id).all, exact: true });
    }
  }, [status, server.id, queryClient]);
  const describe = useCallback(
    (s: Schemas["JobStatus"]) => ({
      ok: s === "succeeded",
      title: `Setup of ${server.name} ${s}`,
      message: s === "succeeded" ? "Swarm and Traefik are ready for deployments." : "The setup log says what went wrong.",
    }),
    [server.name],
  );
  useFinishedToast(latest?.id, status, describe);
  const start = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/servers/{server_id}/setups", { params: { path: { server_id: server.id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.server(server.id).setups }),
  });
  const blocked = server.host_key_status !== "trusted";
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label="Setup" className="card">
      <Title order={2} size="h3" mb={4}>
        4. Set up Swarm and Traefik
      </Title>
      <Text size="sm" className="muted" mb="sm">
        Safe to run again: a server that is already set up is left as it is.
      </Text>
      {latest && (
        <Stack gap="sm" mb="sm">
          <Group gap="xs">
            <Badge tone={SETUP_TONE[latest.status]}>setup {latest.status}</Badge>
            <Text size="sm" className="muted">
              requested <RelativeTime iso={latest.created_at} />
            </Text>
          </Group>
          <StepList steps={latest.steps} />
          {latest.error && (
            <Alert color="red" variant="light" icon={<CircleX size={18} aria-hidden />} title="Setup failed">
              <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
                {latest.error}
              </Text>
            </Alert>
          )}
          <LogView lines={latest.log ? latest.log.trimEnd().split("\n") : []} label="Setup log" emptyText="No output yet." />
        </Stack>
      )}
      <Button
        variant={server.is_set_up ? "default" : "filled"}
        leftSection={<Wrench size={16} aria-hidden />}
        loading={start.isPending}
        disabled={running || blocked}
        onClick={() => start.mutate()}
      >
        {server.is_set_up ? "Run setup again" : "Set up server"}
      </Button>
      {blocked && (
        <Text size="xs" className="muted" mt={4}>
          Trust the server's host key first (step 2).
        </Text>
      )}
      <FormError message={formError(start.error, [])} />
    </Paper>
  );
}
