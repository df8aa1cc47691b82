import { Button, Card, Group, Modal, MultiSelect, Select, Stack, Switch, Table, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { BellRing, Pencil, Send, Trash2 } from "lucide-react";
import { useEffect, useState } from "react";
import { api, type Schemas, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { errorFor, formError } from "../../api/problem";
import { useOrgId } from "../../hooks/useOrgId";
import { usePageTitle } from "../../hooks/usePageTitle";
import { Badge, type Tone } from "../../ui/Badge";
import { ConfirmDialog } from "../../ui/ConfirmDialog";
import { EmptyState } from "../../ui/EmptyState";
import { FormError } from "../../ui/Field";
import { QueryState } from "../../ui/QueryState";
import { RelativeTime } from "../../ui/RelativeTime";

type Channel = Schemas["ChannelRead"];
type EventType = Schemas["EventType"];
type Kind = Channel["kind"];

const EVENTS: { value: EventType; label: string }[] = [
  { value: "deployment.failed", label: "Deployment failed" },
  { value: "deployment.rolled_back", label: "Deployment rolled back" },
  { value: "deployment.succeeded", label: "Deployment succeeded" },
  { value: "deployment.cancelled", label: "Deployment cancelled" },
  { value: "server.unreachable", label: "Server unreachable" },
  { value: "server.reachable", label: "Server reachable again" },
  { value: "server.disk_nearly_full", label: "Server disk nearly full" },
  { value: "certificate.failed", label: "Certificate failed" },
  { value: "backup.failed", label: "Backup failed" },
  { value: "backup.verification_failed", label: "Backup verification failed" },
  { value: "backup.succeeded", label: "Backup succeeded" },
  { value: "database.unhealthy", label: "Database unhealthy" },
];
const EVENT_LABEL = Object.fromEntries(EVENTS.map((e) => [e.value, e.label])) as Record<string, string>;

const KINDS: { value: Kind; label: string }[] = [
  { value: "slack", label: "Slack" },
  { value: "discord", label: "Discord" },
  { value: "telegram", label: "Telegram" },
  { value: "email", label: "E-mail (SMTP)" },
  { value: "webhook", label: "Signed webhook" },
];

const DELIVERY_TONE: Record<Schemas["DeliveryRead"]["status"], Tone> = {
  pending: "busy",
  sending: "busy",
  delivered: "good",
  failed: "bad",
  coalesced: "neutral",
};

/** Where the organisation's events go: channels (secrets write-only), what each hears, and every delivery. */
export function NotificationsPage() {
  const orgId = useOrgId();
  usePageTitle("Notifications");
  const channels = useQuery({
    queryKey: [...keys.org(orgId).all, "notification-channels"],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{organization_id}/notification-channels", {
          params: { path: { organization_id: orgId }, query: { limit: 100 } },
        }),
      ),
  });
  return (
    <>
      <h1>Notifications</h1>
      <p className="muted">
        Hear about failed deployments, rollbacks and unreachable servers in Slack, Discord, Telegram, by e-mail or on a
        signed webhook. Messages are retried until delivered; every attempt is in the channel's log.
      </p>
      <QueryState query={channels}>
        {(page) =>
          page.items.length === 0 ? (
            <EmptyState title="No channels yet">Add one below, send a test message, then choose its events.</EmptyState>
          ) : (
            <Stack gap="md" aria-label="Notification channels">
              {page.items.map((channel) => (
                <ChannelCard key={channel.id} orgId={orgId} channel={channel} />
              ))}
            </Stack>
          )
        }
      </QueryState>
      <NewChannelForm orgId={orgId} />
    </>
  );
}

function ChannelCard({ orgId, channel }: { orgId: string; channel: Channel }) {
  const queryClient = useQueryClient();
  const path = { params: { path: { channel_id: channel.id } } };
  const [deleting, setDeleting] = useState(false);
  const [editing, setEditing] = useState(false);
  const test = useMutation({ mutationFn: () => unwrap(api.POST("/api/v1/notification-channels/{channel_id}/test", path)) });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/notification-channels/{channel_id}", path)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...keys.org(orgId).all, "notification-channels"] }),
  });
  const kind = KINDS.find((k) => k.value === channel.kind)?.label ?? channel.kind;
  const where = String(channel.config.url ?? channel.config.host ?? channel.config.chat_id ?? "");
  return (
    <Card withBorder padding="md" component="section" aria-label={`Channel ${channel.name}`}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs" wrap="wrap">
          <Title order={2} size="h4">
            {channel.name}
          </Title>
          <Text size="sm" c="dimmed">
            {kind}
            {where && ` · ${where}`}
          </Text>
          {!channel.enabled && <Badge tone="neutral">disabled</Badge>}
          <Badge tone={channel.state === "failing" ? "bad" : "good"}>{channel.state}</Badge>
        </Group>
        <Group gap="xs">
          <Button variant="default" size="xs" leftSection={<Send size={14} aria-hidden />} loading={test.isPending} onClick={() => test.mutate()}>
            Send a test
          </Button>
          <Button variant="default" size="xs" leftSection={<Pencil size={14} aria-hidden />} onClick={() => setEditing(true)}>
            Edit
          </Button>
          <Button variant="outline" color="red" size="xs" leftSection={<Trash2 size={14} aria-hidden />} onClick={() => setDeleting(true)}>
            Delete
          </Button>
        </Group>
      </Group>
      {test.data && (
        <Text size="sm" role="status" mt="xs">
          {test.data.delivered ? "✓ Delivered" : `✗ Not delivered: ${test.data.error ?? "no answer"}`}
        </Text>
      )}
      <FormError message={formError(test.error, [])} />
      {channel.state === "failing" && channel.last_error && (
        <Text size="sm" c="dimmed" mt="xs">
          Last failure <RelativeTime iso={channel.last_failure_at} />: {channel.last_error}
        </Text>
      )}
      <Subscriptions channel={channel} />
      <Deliveries channel={channel} />
      <EditChannelDialog orgId={orgId} channel={channel} opened={editing} onClose={() => setEditing(false)} />
      <ConfirmDialog
        opened={deleting}
        title={`Delete the channel ${channel.name}?`}
        confirmLabel="Delete channel"
        pending={remove.isPending}
        error={formError(remove.error, [])}
        onConfirm={() => remove.mutate()}
        onClose={() => setDeleting(false)}
      >
        Its subscriptions and delivery log go with it; nothing more is sent there.
      </ConfirmDialog>
    </Card>
  );
}

function Subscriptions({ channel }: { channel: Channel }) {
  const queryClient = useQueryClient();
  const key = ["notification-channels", channel.id, "subscriptions"];
  const path = { params: { path: { channel_id: channel.id } } };
  const subscriptions = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET("/api/v1/notification-channels/{channel_id}/subscriptions", path)),
  });
  const [events, setEvents] = useState<string[]>([]);
  const add = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/notification-channels/{channel_id}/subscriptions", {
          ...path,
          body: { event_types: events as EventType[] },
        }),
      ),
    onSuccess: async () => {
      setEvents([]);
      await queryClient.invalidateQueries({ queryKey: key });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE("/api/v1/notification-subscriptions/{subscription_id}", { params: { path: { subscription_id: id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key }),
  });
  return (
    <Stack gap="xs" mt="sm">
      <Text size="sm" fw={600}>
        <BellRing size={14} aria-hidden /> Hears
      </Text>
      {subscriptions.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          Nothing yet: choose events below.
        </Text>
      )}
      {subscriptions.data?.map((s) => (
        <Group key={s.id} gap="xs" wrap="wrap">
          <Text size="sm">
            {s.event_types.map((t) => EVENT_LABEL[t] ?? t).join(", ")}
            {s.environment_id ? " (one environment)" : s.project_id ? " (one project)" : ""}
          </Text>
          <Button variant="subtle" size="compact-xs" color="red" onClick={() => remove.mutate(s.id)} aria-label="Remove these events">
            Remove
          </Button>
        </Group>
      ))}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (events.length) add.mutate();
        }}
      >
        <Group gap="xs" align="end" wrap="wrap">
          <MultiSelect
            label="Add events"
            data={EVENTS}
            value={events}
            onChange={setEvents}
            searchable
            style={{ flex: "1 1 16rem" }}
            error={errorFor(add.error, "event_types")}
          />
          <Button type="submit" variant="default" disabled={!events.length} loading={add.isPending}>
            Subscribe
          </Button>
        </Group>
      </form>
      <FormError message={formError(add.error, ["event_types"])} />
    </Stack>
  );
}

function Deliveries({ channel }: { channel: Channel }) {
  const deliveries = useQuery({
    queryKey: ["notification-channels", channel.id, "deliveries"],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/notification-channels/{channel_id}/deliveries", {
          params: { path: { channel_id: channel.id }, query: { limit: 10 } },
        }),
      ),
    refetchInterval: 15_000,
  });
  const items = deliveries.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Table.ScrollContainer minWidth={480} mt="sm">
      <Table striped aria-label={`Recent deliveries of ${channel.name}`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>Event</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>Answer</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td>
                <RelativeTime iso={d.created_at} />
              </Table.Td>
              <Table.Td>
                {d.title}: {d.subject}
                {d.events_count > 1 && ` (${d.events_count} events)`}
              </Table.Td>
              <Table.Td>
                <Badge tone={DELIVERY_TONE[d.status]}>
                  {d.status}
                  {d.attempts > 1 && ` · ${d.attempts} attempts`}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="xs" c="dimmed" style={{ wordBreak: "break-word" }}>
                  {d.last_error ?? ""}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

const EMPTY = { name: "", url: "", secret: "", chatId: "", host: "", port: "587", tls: "starttls", username: "", sender: "", recipients: "" };
type Form = typeof EMPTY;

/** An edit starts from what reads show; secrets start empty, and empty means "keep". */
function formOf(channel: Channel): Form {
  const c = channel.config;
  const text = (v: unknown, fallback = "") => (v === undefined || v === null ? fallback : String(v));
  return {
    ...EMPTY,
    name: channel.name,
    url: channel.kind === "webhook" ? text(c.url) : "",
    chatId: text(c.chat_id),
    host: channel.kind === "email" ? text(c.host) : "",
    port: text(c.port, "587"),
    tls: text(c.tls, "starttls"),
    username: text(c.username),
    sender: text(c.sender),
    recipients: Array.isArray(c.recipients) ? c.recipients.join(", ") : "",
  };
}

function emailSettings(form: Form) {
  return {
    kind: "email" as const,
    host: form.host,
    port: Number(form.port),
    tls: form.tls as "starttls" | "tls" | "none",
    username: form.username,
    ...(form.secret ? { password: form.secret } : {}),
    sender: form.sender,
    recipients: form.recipients.split(",").map((r) => r.trim()).filter(Boolean),
  };
}

const FIELD_ERRORS = ["name", "settings.webhook_url", "settings.url", "settings.host", "settings.signing_secret", "settings.bot_token", "settings.chat_id", "settings.port", "settings.sender", "settings.recipients"];

/**
 * A kind's settings. Editing (`hints` given), a secret field starts empty and says what is
 * stored, masked as the API returns it: leaving it empty keeps the secret, typing replaces
 * it. The stored value itself never reaches the browser.
 */
function ChannelFields({
  kind,
  form,
  setForm,
  err,
  hints,
}: {
  kind: Kind;
  form: Form;
  setForm: (form: Form) => void;
  err: (field: string) => string | undefined;
  hints?: Record<string, string>;
}) {
  const set = (field: keyof Form) => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [field]: e.target.value });
  const editing = hints !== undefined;
  const keep = (name: string, what: string) =>
    editing ? (hints[name] ? `Stored (${hints[name]}); leave empty to keep it, or type a new ${what}` : `None stored; type one to set it`) : undefined;
  return (
    <>
      {(kind === "slack" || kind === "discord") && (
        <TextInput
          label="Webhook URL"
          description={keep("webhook_url", "URL") ?? "Write-only: it is the credential"}
          required={!editing}
          value={form.url}
          onChange={set("url")}
          error={err("settings.webhook_url")}
          autoComplete="off"
        />
      )}
      {kind === "webhook" && (
        <TextInput
          label="URL"
          description="https only; events are POSTed as signed JSON"
          required
          value={form.url}
          onChange={set("url")}
          error={err("settings.url")}
        />
      )}
      {(kind === "webhook" || kind === "telegram") && (
        <TextInput
          label={kind === "webhook" ? "Signing secret" : "Bot token"}
          description={
            kind === "webhook"
              ? keep("signing_secret", "secret") ?? "At least 24 characters; signs X-Berth-Signature. Write-only."
              : keep("bot_token", "token") ?? "From @BotFather. Write-only."
          }
          type="password"
          required={!editing}
          value={form.secret}
          onChange={set("secret")}
          error={err("settings.signing_secret") ?? err("settings.bot_token")}
          autoComplete="off"
        />
      )}
      {kind === "telegram" && <TextInput label="Chat id" required value={form.chatId} onChange={set("chatId")} error={err("settings.chat_id")} />}
      {kind === "email" && (
        <>
          <Group grow wrap="wrap" align="start">
            <TextInput label="SMTP host" required value={form.host} onChange={set("host")} error={err("settings.host")} />
            <TextInput label="Port" required value={form.port} onChange={set("port")} error={err("settings.port")} inputMode="numeric" />
            <Select
              label="TLS"
              data={[
                { value: "starttls", label: "STARTTLS" },
                { value: "tls", label: "TLS" },
                { value: "none", label: "None" },
              ]}
              value={form.tls}
              onChange={(v) => v && setForm({ ...form, tls: v })}
              allowDeselect={false}
            />
          </Group>
          <Group grow wrap="wrap" align="start">
            <TextInput label="User" value={form.username} onChange={set("username")} autoComplete="off" description={editing ? "Empty: no login" : undefined} />
            <TextInput
              label="Password"
              type="password"
              value={form.secret}
              onChange={set("secret")}
              autoComplete="off"
              description={keep("password", "password") ?? "Write-only"}
            />
          </Group>
          <TextInput label="From" required value={form.sender} onChange={set("sender")} error={err("settings.sender")} />
          <TextInput label="Recipients" description="Comma-separated" required value={form.recipients} onChange={set("recipients")} error={err("settings.recipients")} />
        </>
      )}
    </>
  );
}

function NewChannelForm({ orgId }: { orgId: string }) {
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<Kind>("slack");
  const [form, setForm] = useState(EMPTY);
  const set = (field: keyof typeof EMPTY) => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [field]: e.target.value });
  const settings = (): Schemas["ChannelCreate"]["settings"] => {
    switch (kind) {
      case "slack":
      case "discord":
        return { kind, webhook_url: form.url };
      case "telegram":
        return { kind, bot_token: form.secret, chat_id: form.chatId };
      case "webhook":
        return { kind, url: form.url, signing_secret: form.secret };
      case "email":
        return emailSettings(form);
    }
  };
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/organizations/{organization_id}/notification-channels", {
          params: { path: { organization_id: orgId } },
          body: { name: form.name, enabled: true, settings: settings() },
        }),
      ),
    onSuccess: async () => {
      setForm(EMPTY);
      await queryClient.invalidateQueries({ queryKey: [...keys.org(orgId).all, "notification-channels"] });
    },
  });
  const err = (field: string) => errorFor(create.error, field);
  return (
    <Card withBorder padding="md" mt="lg" component="form" aria-label="Add a channel" onSubmit={(event: React.FormEvent) => {
      event.preventDefault();
      create.mutate();
    }}>
      <Title order={2} size="h4" mb="sm">
        Add a channel
      </Title>
      <Stack gap="sm">
        <Group grow wrap="wrap" align="start">
          <TextInput label="Name" required value={form.name} onChange={set("name")} error={err("name")} placeholder="ops-alerts" />
          <Select label="Kind" data={KINDS} value={kind} onChange={(v) => v && setKind(v as Kind)} allowDeselect={false} />
        </Group>
        <ChannelFields kind={kind} form={form} setForm={setForm} err={err} />
        <FormError message={formError(create.error, FIELD_ERRORS)} />
        <Group>
          <Button type="submit" loading={create.isPending}>
            Add channel
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** Name, on/off and settings of an existing channel; its kind stays (a new kind is a new channel). */
function EditChannelDialog({ orgId, channel, opened, onClose }: { orgId: string; channel: Channel; opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState(() => formOf(channel));
  const [enabled, setEnabled] = useState(channel.enabled);
  const kind = channel.kind;
  // Slack's and Discord's only setting is their secret URL: no URL typed, no settings sent.
  const settings = (): Schemas["ChannelUpdate"]["settings"] => {
    switch (kind) {
      case "slack":
      case "discord":
        return form.url ? { kind, webhook_url: form.url } : undefined;
      case "telegram":
        return { kind, chat_id: form.chatId, ...(form.secret ? { bot_token: form.secret } : {}) };
      case "webhook":
        return { kind, url: form.url, ...(form.secret ? { signing_secret: form.secret } : {}) };
      case "email":
        return emailSettings(form);
    }
  };
  const save = useMutation({
    mutationFn: () => {
      const changed = settings();
      return unwrap(
        api.PATCH("/api/v1/notification-channels/{channel_id}", {
          params: { path: { channel_id: channel.id } },
          body: { name: form.name, enabled, ...(changed ? { settings: changed } : {}) },
        }),
      );
    },
    onSuccess: async () => {
      notifications.show({ color: "teal", title: `Saved ${form.name}`, message: "The channel uses its new settings from the next message." });
      await queryClient.invalidateQueries({ queryKey: [...keys.org(orgId).all, "notification-channels"] });
      close();
    },
  });
  // Each opening starts from the channel as it is now, and typed secrets do not linger in
  // a closed dialog.
  useEffect(() => {
    if (opened) {
      setForm(formOf(channel));
      setEnabled(channel.enabled);
    } else {
      setForm(EMPTY);
    }
    // Not on every refetch of the list (a window refocus), only when the channel changed.
  }, [opened, channel.id, channel.updated_at]);
  const close = () => {
    save.reset();
    onClose();
  };
  const err = (field: string) => errorFor(save.error, field);
  return (
    <Modal opened={opened} onClose={close} title={`Edit the channel ${channel.name}`} centered size="lg">
      <form
        aria-label={`Edit ${channel.name}`}
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <Stack gap="sm">
          <TextInput label="Name" required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} error={err("name")} data-autofocus />
          <Switch label="Enabled" description="A disabled channel keeps its subscriptions and hears nothing" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
          <ChannelFields kind={kind} form={form} setForm={setForm} err={err} hints={channel.secret_hints} />
          <FormError message={formError(save.error, FIELD_ERRORS)} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
