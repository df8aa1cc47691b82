import { Button, Group, Paper, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Check, Save } from "lucide-react";
import { useState } from "react";
import { api, type Schemas, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { errorFor, formError } from "../../api/problem";
import { FormError } from "../../ui/Field";

const FIELDS = ["proxy_image", "acme_directory_url", "acme_ca_bundle"] as const;

// The API's message under a field is announced as it appears, as the hand-written Field did.
const ANNOUNCED = { errorProps: { role: "alert" } } as const;

/**
 * The server's proxy settings. Empty means the control plane's default, so a default
 * changed there still reaches this server; a change takes effect at the next setup run.
 */
export function ProxySettingsPanel({ server }: { server: Schemas["ServerRead"] }) {
  const queryClient = useQueryClient();
  const [image, setImage] = useState(server.proxy_image ?? "");
  const [directory, setDirectory] = useState(server.acme_directory_url ?? "");
  const [caBundle, setCaBundle] = useState(server.acme_ca_bundle ?? "");
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH("/api/v1/servers/{server_id}", {
          params: { path: { server_id: server.id } },
          body: {
            proxy_image: image.trim() || null,
            acme_directory_url: directory.trim() || null,
            acme_ca_bundle: caBundle.trim() || null,
          },
        }),
      ),
    onSuccess: (updated) => {
      queryClient.setQueryData(keys.server(server.id).all, updated);
      setSaved(true);
    },
  });
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label="Proxy settings" className="card">
      <Title order={2} size="h3" mb="sm">
        Proxy settings
      </Title>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setSaved(false);
          save.mutate();
        }}
      >
        <Stack gap="sm">
          <TextInput
            label="Traefik image"
            description="Empty: the control plane's default"
            placeholder="traefik:v3.7.15"
            classNames={{ input: "mono" }}
            spellCheck={false}
            value={image}
            onChange={(e) => setImage(e.currentTarget.value)}
            error={errorFor(save.error, "proxy_image")}
            {...ANNOUNCED}
          />
          <TextInput
            label="ACME directory"
            description="An https:// URL. Empty: the control plane's default (Let's Encrypt)"
            placeholder="https://…/directory"
            value={directory}
            onChange={(e) => setDirectory(e.currentTarget.value)}
            error={errorFor(save.error, "acme_directory_url")}
            {...ANNOUNCED}
          />
          <Textarea
            label="ACME CA bundle (PEM)"
            description="Only for a private ACME CA"
            classNames={{ input: "mono" }}
            spellCheck={false}
            rows={4}
            value={caBundle}
            onChange={(e) => setCaBundle(e.currentTarget.value)}
            error={errorFor(save.error, "acme_ca_bundle")}
            {...ANNOUNCED}
          />
          <Group gap="sm">
            <Button type="submit" variant="default" loading={save.isPending} leftSection={<Save size={16} aria-hidden />}>
              Save proxy settings
            </Button>
            {saved && (
              <Text size="sm" role="status" c="teal.8">
                <Check size={14} aria-hidden style={{ verticalAlign: "-2px", marginRight: 4 }} />
                Saved. Run the setup again to apply them to the server.
              </Text>
            )}
          </Group>
          <FormError message={formError(save.error, [...FIELDS])} />
        </Stack>
      </form>
    </Paper>
  );
}
