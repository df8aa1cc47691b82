import { Button, Group, NumberInput, Popover, Stack, Text, TextInput, Tooltip } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Rocket, RefreshCw, RotateCw, Scaling } from "lucide-react";
import { useState } from "react";
import { useNavigate } from "react-router";
import { api, type Schemas, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { errorFor, formError } from "../../api/problem";
import { useOrgId } from "../../hooks/useOrgId";
import { sourceLabel } from "../../lib/applicationSource";
import { FormError } from "../../ui/Field";

type App = Schemas["ApplicationRead"];
type Body = Schemas["DeploymentCreate"];

/** What to send for one deployment: only what the person typed, for the app's kind of source. */
export function deploymentBody(source: App["source"], input: { image: string; ref: string; commit: string }): Body {
  if (source.type === "image") return input.image.trim() ? { image: input.image.trim() } : {};
  const body: Body = {};
  if (input.commit.trim()) body.commit = input.commit.trim();
  else if (input.ref.trim()) body.ref = input.ref.trim();
  return body;
}

/** Exactly what Redeploy does, in the words of the API: the version serving now again, not the branch tip. */
export function redeployMeaning(source: App["source"]): string {
  if (source.type === "image") return "Releases the image digest serving now again, with the current settings and variables.";
  return `Builds the commit serving now again, with the current settings and variables (Deploy builds the tip of ${source.ref}).`;
}

/**
 * The application's actions in one toolbar: Deploy (optionally another image, or a branch
 * or commit for git apps), Redeploy, Restart, Scale. Each deploy-like action opens the new
 * deployment's live view; Scale stays here and says so in a toast.
 */
export function DeployForm({ app }: { app: App }) {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [input, setInput] = useState({ image: "", ref: "", commit: "" });
  const opened = async (deployment: Schemas["DeploymentRead"]) => {
    await queryClient.invalidateQueries({ queryKey: keys.app(app.id).all });
    navigate(`/orgs/${orgId}/deployments/${deployment.id}`);
  };
  const path = { params: { path: { application_id: app.id } } };
  const deploy = useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/v1/applications/{application_id}/deployments", { ...path, body: deploymentBody(app.source, input) })),
    onSuccess: opened,
  });
  const redeploy = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/applications/{application_id}/redeploy", path)),
    onSuccess: opened,
  });
  const restart = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/applications/{application_id}/restart", path)),
    onSuccess: opened,
  });
  const set = (key: keyof typeof input) => (e: React.ChangeEvent<HTMLInputElement>) => setInput({ ...input, [key]: e.target.value });
  const source = app.source;
  const deployed = Boolean(app.current_deployment_id);
  return (
    <section aria-label="Deploy" className="deploy-toolbar">
      <form
        className="toolbar"
        onSubmit={(event) => {
          event.preventDefault();
          deploy.mutate();
        }}
      >
        {source.type === "image" ? (
          <TextInput
            className="toolbar-input"
            label="Image for this deployment"
            description={`Empty deploys ${sourceLabel(source)}`}
            placeholder={source.image}
            value={input.image}
            onChange={set("image")}
            error={errorFor(deploy.error, "image")}
          />
        ) : (
          <>
            <TextInput
              className="toolbar-input"
              label="Branch or tag"
              description={`Empty builds ${source.ref}`}
              placeholder={source.ref}
              value={input.ref}
              onChange={set("ref")}
              error={errorFor(deploy.error, "ref")}
            />
            <TextInput
              className="toolbar-input"
              label="Commit"
              description="A full commit id; wins over the branch"
              classNames={{ input: "mono" }}
              spellCheck={false}
              placeholder={source.commit ?? "tip of the branch"}
              value={input.commit}
              onChange={set("commit")}
              error={errorFor(deploy.error, "commit")}
            />
          </>
        )}
        <Group gap="xs" className="toolbar-buttons">
          <Button type="submit" loading={deploy.isPending} leftSection={<Rocket size={16} aria-hidden />}>
            Deploy
          </Button>
          {deployed && (
            <>
              <Tooltip label={redeployMeaning(source)} multiline w={280} withArrow>
                <Button variant="default" loading={redeploy.isPending} leftSection={<RefreshCw size={16} aria-hidden />} onClick={() => redeploy.mutate()}>
                  Redeploy
                </Button>
              </Tooltip>
              <Tooltip label="Replace every container of the running version, one at a time, behind the health check" multiline w={280} withArrow>
                <Button variant="default" loading={restart.isPending} leftSection={<RotateCw size={16} aria-hidden />} onClick={() => restart.mutate()}>
                  Restart
                </Button>
              </Tooltip>
            </>
          )}
          <ScaleButton app={app} />
        </Group>
      </form>
      <FormError message={formError(deploy.error, ["image", "ref", "commit"]) ?? formError(redeploy.error, []) ?? formError(restart.error, [])} />
      {deployed && (
        <Text size="xs" className="muted" mt={4}>
          Redeploy: {redeployMeaning(source)}
        </Text>
      )}
    </section>
  );
}

function ScaleButton({ app }: { app: App }) {
  const [open, setOpen] = useState(false);
  const [replicas, setReplicas] = useState<number | string>(app.runtime.replicas);
  const queryClient = useQueryClient();
  const scale = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/applications/{application_id}/scale", {
          params: { path: { application_id: app.id } },
          body: { replicas: Number(replicas) },
        }),
      ),
    onSuccess: async () => {
      setOpen(false);
      notifications.show({
        color: "teal",
        title: Number(replicas) === 0 ? `Stopping ${app.name}` : `Scaling ${app.name} to ${replicas}`,
        message: "Queued as a deployment; its history row shows when it is done.",
      });
      await queryClient.invalidateQueries({ queryKey: keys.app(app.id).all });
    },
  });
  return (
    <Popover opened={open} onChange={setOpen} position="bottom-end" withArrow trapFocus>
      <Popover.Target>
        <Button
          variant="default"
          leftSection={<Scaling size={16} aria-hidden />}
          disabled={!app.current_deployment_id}
          onClick={() => setOpen((o) => !o)}
          aria-expanded={open}
        >
          Scale
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs" w={220}>
          <NumberInput label="Replicas" min={0} value={replicas} onChange={setReplicas} error={errorFor(scale.error, "replicas")} />
          <Text size="xs" className="muted">
            0 stops the application; its settings and domains stay.
          </Text>
          <FormError message={formError(scale.error, ["replicas"])} />
          <Button size="sm" loading={scale.isPending} onClick={() => scale.mutate()}>
            Apply
          </Button>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
