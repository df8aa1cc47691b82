import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, type Schemas, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { formError } from "../../api/problem";
import { useOrgId } from "../../hooks/useOrgId";
import { usePageTitle } from "../../hooks/usePageTitle";
import { EmptyState } from "../../ui/EmptyState";
import { FormError } from "../../ui/Field";
import { QueryState } from "../../ui/QueryState";
import { RelativeTime } from "../../ui/RelativeTime";
import { RegistryForm } from "./RegistryForm";

type Registry = Schemas["RegistryRead"];

/** Organisation credentials for private pulls (and build pushes); passwords are write-only. */
export function RegistriesPage() {
  const orgId = useOrgId();
  usePageTitle("Registries");
  const registries = useQuery({
    queryKey: keys.org(orgId).registries,
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{organization_id}/registries", {
          params: { path: { organization_id: orgId }, query: { limit: 100 } },
        }),
      ),
  });
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <>
      <h1>Registries</h1>
      <p className="muted">
        Credentials servers use to pull private images, and that git builds push to. An image whose host and namespace
        match an address here is pulled with its credentials.
      </p>
      <QueryState query={registries}>
        {(page) =>
          page.items.length === 0 ? (
            <EmptyState title="No registries">
              Public images deploy without one. Add a registry below to pull private images (e.g. ghcr.io/acme with a
              read-only token) or to push git builds.
            </EmptyState>
          ) : (
            <ul className="list" aria-label="Registries">
              {page.items.map((registry) =>
                editing === registry.id ? (
                  <li key={registry.id}>
                    <RegistryForm orgId={orgId} registry={registry} onDone={() => setEditing(null)} />
                  </li>
                ) : (
                  <RegistryRow key={registry.id} orgId={orgId} registry={registry} onEdit={() => setEditing(registry.id)} />
                ),
              )}
            </ul>
          )
        }
      </QueryState>
      <RegistryForm key={page(registries.data)} orgId={orgId} onDone={() => undefined} />
    </>
  );
}

// Remount (and so clear) the add form whenever the list changes, i.e. after an add.
const page = (data: Schemas["Page_RegistryRead_"] | undefined) => String(data?.pagination.total_count ?? 0);

function RegistryRow({ orgId, registry, onEdit }: { orgId: string; registry: Registry; onEdit: () => void }) {
  const queryClient = useQueryClient();
  const check = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/registries/{registry_id}/check", { params: { path: { registry_id: registry.id } } })),
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/registries/{registry_id}", { params: { path: { registry_id: registry.id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.org(orgId).registries }),
  });
  return (
    <li>
      <strong>{registry.name}</strong>
      <code>{registry.address}</code>
      <span className="muted">
        {registry.username} · {registry.has_password ? registry.password_hint : "no password"}
      </span>
      <span className="muted">
        updated <RelativeTime iso={registry.updated_at ?? registry.created_at} />
      </span>
      <span className="row actions-inline">
        <button type="button" className="secondary" disabled={check.isPending} onClick={() => check.mutate()}>
          {check.isPending ? "Checking…" : "Check login"}
        </button>
        <button type="button" className="secondary" onClick={onEdit}>
          Edit
        </button>
        <button
          type="button"
          className="danger"
          disabled={remove.isPending}
          onClick={() => {
            if (window.confirm(`Delete the registry ${registry.name}? Pulls that need it will fail.`)) remove.mutate();
          }}
        >
          Delete
        </button>
      </span>
      {check.data && (
        <p className="check-result good" role="status">
          ✓ Logged in ({check.data.auth_scheme === "none" ? "anonymous access allowed" : `${check.data.auth_scheme} auth`}):{" "}
          {check.data.detail}
        </p>
      )}
      <FormError message={formError(check.error, [])} />
      <FormError message={formError(remove.error, [])} />
    </li>
  );
}
