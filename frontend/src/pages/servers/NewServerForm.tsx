import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { useNavigate } from "react-router";
import { api, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { errorFor, formError } from "../../api/problem";
import { useFocusFirstInvalid } from "../../hooks/useFocusFirstInvalid";
import { Field, FormError } from "../../ui/Field";

const FIELDS = ["name", "host", "port", "username", "base_domain", "advertise_addr", "private_key"];

export function NewServerForm({ orgId }: { orgId: string }) {
  const [form, setForm] = useState({ name: "", host: "", port: "22", username: "root", base_domain: "", advertise_addr: "", private_key: "" });
  const input = (key: keyof typeof form) => ({
    value: form[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setForm((f) => ({ ...f, [key]: e.target.value })),
  });
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/organizations/{organization_id}/servers", {
          params: { path: { organization_id: orgId } },
          body: {
            name: form.name,
            host: form.host,
            port: Number(form.port),
            username: form.username,
            base_domain: form.base_domain || null,
            advertise_addr: form.advertise_addr || null,
            private_key: form.private_key.trim() ? form.private_key : null,
          },
        }),
      ),
    onSuccess: async (server) => {
      await queryClient.invalidateQueries({ queryKey: keys.org(orgId).servers });
      navigate(`/orgs/${orgId}/servers/${server.id}`);
    },
  });
  const err = (field: string) => errorFor(create.error, field);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, create.error);
  return (
    <form
      ref={formRef}
      className="card"
      aria-label="Add server"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate();
      }}
    >
      <h2>Add a server</h2>
      <div className="row">
        <Field label="Name" error={err("name")}>
          {(p) => <input {...p} required placeholder="web-1" {...input("name")} />}
        </Field>
        <Field label="Host" error={err("host")} hint="IP address or DNS name">
          {(p) => <input {...p} required placeholder="203.0.113.10" {...input("host")} />}
        </Field>
        <Field label="SSH port" error={err("port")}>
          {(p) => <input {...p} type="number" min={1} max={65535} {...input("port")} />}
        </Field>
        <Field label="SSH user" error={err("username")} hint="root, or a user in the docker group">
          {(p) => <input {...p} {...input("username")} />}
        </Field>
      </div>
      <div className="row">
        <Field label="Base domain" error={err("base_domain")} hint="Apps get <app>.<base domain>">
          {(p) => <input {...p} placeholder="apps.example.com" {...input("base_domain")} />}
        </Field>
        <Field label="Swarm advertise address" error={err("advertise_addr")} hint="Defaults to the host, if an IP">
          {(p) => <input {...p} {...input("advertise_addr")} />}
        </Field>
      </div>
      <details>
        <summary>Use my own private key (otherwise Berth generates one)</summary>
        <Field label="Private key" error={err("private_key")} hint="Unencrypted OpenSSH or PEM; stored encrypted">
          {(p) => <textarea {...p} rows={4} spellCheck={false} autoComplete="off" {...input("private_key")} />}
        </Field>
      </details>
      <FormError message={formError(create.error, FIELDS)} />
      <button type="submit" disabled={create.isPending}>
        Add server
      </button>
    </form>
  );
}
