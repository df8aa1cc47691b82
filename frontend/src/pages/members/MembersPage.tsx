import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, type Schemas, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { errorFor, formError } from "../../api/problem";
import { useOrgId } from "../../hooks/useOrgId";
import { EmptyState } from "../../ui/EmptyState";
import { Field, FormError } from "../../ui/Field";
import { QueryState } from "../../ui/QueryState";
import { RelativeTime } from "../../ui/RelativeTime";
import { usePageTitle } from "../../hooks/usePageTitle";

const ROLES: Schemas["Role"][] = ["owner", "admin", "member", "viewer"];
const ROLE_HELP: Record<Schemas["Role"], string> = {
  owner: "everything, including owners and deleting the organisation",
  admin: "members, tokens, audit log",
  member: "create, change and deploy",
  viewer: "read only",
};

export function MembersPage() {
  const orgId = useOrgId();
  usePageTitle("Members");
  const queryClient = useQueryClient();
  const queryKey = keys.org(orgId).members;
  const members = useQuery({
    queryKey,
    queryFn: () =>
      unwrap(api.GET("/api/v1/organizations/{organization_id}/members", { params: { path: { organization_id: orgId }, query: { limit: 100 } } })),
  });
  const changeRole = useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: Schemas["Role"] }) =>
      unwrap(
        api.PATCH("/api/v1/organizations/{organization_id}/members/{user_id}", {
          params: { path: { organization_id: orgId, user_id: userId } },
          body: { role },
        }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey }),
  });
  const remove = useMutation({
    mutationFn: (userId: string) =>
      unwrap(api.DELETE("/api/v1/organizations/{organization_id}/members/{user_id}", { params: { path: { organization_id: orgId, user_id: userId } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey }),
  });
  return (
    <>
      <h1>Members</h1>
      <FormError message={formError(changeRole.error, []) ?? formError(remove.error, [])} />
      <QueryState query={members}>
        {(page) =>
          page.items.length === 0 ? (
            <EmptyState title="No members">Add a colleague below.</EmptyState>
          ) : (
            <table className="table" aria-label="Members">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Email</th>
                  <th>Role</th>
                  <th>Since</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {page.items.map((m) => (
                  <tr key={m.user.id}>
                    <td>{m.user.full_name}</td>
                    <td>{m.user.email}</td>
                    <td>
                      <select
                        aria-label={`Role of ${m.user.email}`}
                        value={m.role}
                        onChange={(e) => changeRole.mutate({ userId: m.user.id, role: e.target.value as Schemas["Role"] })}
                      >
                        {ROLES.map((r) => (
                          <option key={r} value={r}>
                            {r}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <RelativeTime iso={m.created_at} />
                    </td>
                    <td className="actions">
                      <button type="button" className="danger" onClick={() => window.confirm(`Remove ${m.user.email}?`) && remove.mutate(m.user.id)}>
                        Remove
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryState>
      <AddMemberForm orgId={orgId} />
    </>
  );
}

function AddMemberForm({ orgId }: { orgId: string }) {
  const [form, setForm] = useState({ email: "", full_name: "", role: "member" as Schemas["Role"], initial_password: "" });
  const queryClient = useQueryClient();
  const add = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/organizations/{organization_id}/members", {
          params: { path: { organization_id: orgId } },
          body: { ...form, initial_password: form.initial_password || null },
        }),
      ),
    onSuccess: async () => {
      setForm({ email: "", full_name: "", role: "member", initial_password: "" });
      await queryClient.invalidateQueries({ queryKey: keys.org(orgId).members });
    },
  });
  const err = (f: string) => errorFor(add.error, f);
  return (
    <form
      className="card"
      aria-label="Add member"
      onSubmit={(event) => {
        event.preventDefault();
        add.mutate();
      }}
    >
      <h2>Add a member</h2>
      <div className="row">
        <Field label="Email" error={err("email")}>
          {(p) => <input {...p} type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />}
        </Field>
        <Field label="Full name" error={err("full_name")}>
          {(p) => <input {...p} value={form.full_name} onChange={(e) => setForm({ ...form, full_name: e.target.value })} />}
        </Field>
        <Field label="Role" error={err("role")} hint={ROLE_HELP[form.role]}>
          {(p) => (
            <select {...p} value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Schemas["Role"] })}>
              {ROLES.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Initial password" error={err("initial_password")} hint="Only for a new account; they should change it">
          {(p) => (
            <input {...p} type="password" autoComplete="new-password" value={form.initial_password} onChange={(e) => setForm({ ...form, initial_password: e.target.value })} />
          )}
        </Field>
      </div>
      <FormError message={formError(add.error, ["email", "full_name", "role", "initial_password"])} />
      <button type="submit" disabled={add.isPending}>
        Add member
      </button>
    </form>
  );
}
