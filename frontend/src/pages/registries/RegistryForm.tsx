import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { api, type Schemas, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { errorFor, formError } from "../../api/problem";
import { useFocusFirstInvalid } from "../../hooks/useFocusFirstInvalid";
import { Field, FormError } from "../../ui/Field";
import { MaskedInput } from "../environments/MaskedInput";

type Registry = Schemas["RegistryRead"];
const FIELDS = ["name", "address", "username", "password"];

/**
 * Create or edit one registry's credentials. The password is write-only: editing shows
 * its hint and sends a password only when one is typed (the API asks for it again when
 * the address changes, and says so in a 422 under the field).
 */
export function RegistryForm({ orgId, registry, onDone }: { orgId: string; registry?: Registry; onDone: () => void }) {
  const [form, setForm] = useState({
    name: registry?.name ?? "",
    address: registry?.address ?? "",
    username: registry?.username ?? "",
    password: "",
  });
  const formRef = useRef<HTMLFormElement>(null);
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: () =>
      registry
        ? unwrap(
            api.PATCH("/api/v1/registries/{registry_id}", {
              params: { path: { registry_id: registry.id } },
              body: {
                name: form.name,
                address: form.address,
                username: form.username,
                ...(form.password ? { password: form.password } : {}),
              },
            }),
          )
        : unwrap(
            api.POST("/api/v1/organizations/{organization_id}/registries", {
              params: { path: { organization_id: orgId } },
              body: form,
            }),
          ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.org(orgId).registries });
      onDone();
    },
  });
  useFocusFirstInvalid(formRef, save.error);
  const err = (path: string) => errorFor(save.error, path);
  const set = (key: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [key]: e.target.value });
  return (
    <form
      ref={formRef}
      className="card"
      aria-label={registry ? `Edit registry ${registry.name}` : "Add a registry"}
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <h2>{registry ? `Edit ${registry.name}` : "Add a registry"}</h2>
      <div className="row">
        <Field label="Name" error={err("name")} hint="Lowercase letters, digits and dashes">
          {(p) => <input {...p} required value={form.name} onChange={set("name")} />}
        </Field>
        <Field label="Address" error={err("address")} hint="host[:port][/namespace], no scheme: docker.io, ghcr.io/acme">
          {(p) => <input {...p} required placeholder="ghcr.io/acme" value={form.address} onChange={set("address")} />}
        </Field>
      </div>
      <div className="row">
        <Field label="Username" error={err("username")}>
          {(p) => <input {...p} required autoComplete="off" value={form.username} onChange={set("username")} />}
        </Field>
        <Field
          label="Password or token"
          error={err("password")}
          hint={registry ? `Stored: ${registry.password_hint}. Leave empty to keep it.` : "Write-only: never shown again"}
        >
          {(p) => (
            <MaskedInput
              id={p.id}
              label="Password or token"
              value={form.password}
              required={!registry}
              invalid={p["aria-invalid"]}
              onChange={(password) => setForm({ ...form, password })}
            />
          )}
        </Field>
      </div>
      <FormError message={formError(save.error, FIELDS)} />
      <div className="row">
        <button type="submit" disabled={save.isPending}>
          {registry ? "Save registry" : "Add registry"}
        </button>
        {registry && (
          <button type="button" className="secondary" onClick={onDone}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
