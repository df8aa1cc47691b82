import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import { api, type Schemas, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { errorFor, formError } from "../../api/problem";
import { useOrgId } from "../../hooks/useOrgId";
import { Field, FormError } from "../../ui/Field";
import { QueryState } from "../../ui/QueryState";
import { usePageTitle } from "../../hooks/usePageTitle";

export function OrganizationPage() {
  const orgId = useOrgId();
  usePageTitle("Organisation");
  const org = useQuery({
    queryKey: keys.org(orgId).settings,
    queryFn: () => unwrap(api.GET("/api/v1/organizations/{organization_id}", { params: { path: { organization_id: orgId } } })),
  });
  return (
    <>
      <h1>Organisation</h1>
      <QueryState query={org}>{(data) => <SettingsForm key={data.id} org={data} />}</QueryState>
      <NewOrganizationForm />
    </>
  );
}

function SettingsForm({ org }: { org: Schemas["OrganizationRead"] }) {
  const [name, setName] = useState(org.name);
  const [acmeEmail, setAcmeEmail] = useState(org.acme_email ?? "");
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH("/api/v1/organizations/{organization_id}", {
          params: { path: { organization_id: org.id } },
          body: { name, acme_email: acmeEmail.trim() || null },
        }),
      ),
    onSuccess: async (updated) => {
      queryClient.setQueryData(keys.org(org.id).settings, updated);
      // The switcher shows the name from the session's memberships.
      await queryClient.invalidateQueries({ queryKey: keys.me });
    },
  });
  return (
    <form
      className="card"
      aria-label="Organisation settings"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <Field label="Name" error={errorFor(save.error, "name")}>
        {(p) => <input {...p} required value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field
        label="ACME email"
        error={errorFor(save.error, "acme_email")}
        hint="Needed for Let's Encrypt certificates; run a server's setup again to apply a change"
      >
        {(p) => <input {...p} type="email" value={acmeEmail} onChange={(e) => setAcmeEmail(e.target.value)} />}
      </Field>
      {save.isSuccess && (
        <p className="notice" role="status">
          Saved.
        </p>
      )}
      <FormError message={formError(save.error, ["name", "acme_email"])} />
      <button type="submit" disabled={save.isPending}>
        Save
      </button>
    </form>
  );
}

function NewOrganizationForm() {
  const [name, setName] = useState("");
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const create = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/organizations", { body: { name } })),
    onSuccess: async (org) => {
      await queryClient.invalidateQueries({ queryKey: keys.me });
      navigate(`/orgs/${org.id}/projects`);
    },
  });
  return (
    <form
      className="card inline-form"
      aria-label="New organisation"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate();
      }}
    >
      <Field label="New organisation" error={errorFor(create.error, "name")} hint="You become its owner">
        {(p) => <input {...p} required value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <button type="submit" disabled={create.isPending}>
        Create organisation
      </button>
      <FormError message={formError(create.error, ["name"])} />
    </form>
  );
}
