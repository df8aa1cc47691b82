import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { api, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { errorFor, formError } from "../../api/problem";
import { useOrgId, useParam } from "../../hooks/useOrgId";
import { DangerZone } from "../../ui/DangerZone";
import { EmptyState } from "../../ui/EmptyState";
import { Field, FormError } from "../../ui/Field";
import { QueryState } from "../../ui/QueryState";
import { usePageTitle } from "../../hooks/usePageTitle";

export function ProjectPage() {
  const orgId = useOrgId();
  const projectId = useParam("projectId");
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const project = useQuery({
    queryKey: keys.project(projectId).all,
    queryFn: () => unwrap(api.GET("/api/v1/projects/{project_id}", { params: { path: { project_id: projectId } } })),
  });
  usePageTitle(project.data?.name);
  const environments = useQuery({
    queryKey: keys.project(projectId).environments,
    queryFn: () =>
      unwrap(api.GET("/api/v1/projects/{project_id}/environments", { params: { path: { project_id: projectId }, query: { limit: 100 } } })),
  });
  return (
    <>
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link to={`/orgs/${orgId}/projects`}>Projects</Link>
      </nav>
      <h1>{project.data?.name ?? "Project"}</h1>
      {project.data?.description && <p className="muted">{project.data.description}</p>}
      <h2>Environments</h2>
      <QueryState query={environments}>
        {(page) =>
          page.items.length === 0 ? (
            <EmptyState title="No environments">Add one below (for example production or staging) to deploy applications into it.</EmptyState>
          ) : (
            <ul className="list">
              {page.items.map((env) => (
                <li key={env.id}>
                  <Link to={`/orgs/${orgId}/environments/${env.id}`}>{env.name}</Link>
                  <span className="muted">{env.description}</span>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
      <NewEnvironmentForm projectId={projectId} />
      {project.data && (
        <DangerZone
          what="project"
          name={project.data.name}
          consequence="Deletes the project with its environments and their variables."
          onDelete={() => unwrap(api.DELETE("/api/v1/projects/{project_id}", { params: { path: { project_id: projectId } } }))}
          onDeleted={() => {
            queryClient.removeQueries({ queryKey: keys.project(projectId).all });
            void queryClient.invalidateQueries({ queryKey: keys.org(orgId).projects });
            navigate(`/orgs/${orgId}/projects`);
          }}
        />
      )}
    </>
  );
}

function NewEnvironmentForm({ projectId }: { projectId: string }) {
  const [name, setName] = useState("");
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/v1/projects/{project_id}/environments", { params: { path: { project_id: projectId } }, body: { name, description: "" } })),
    onSuccess: async () => {
      setName("");
      await queryClient.invalidateQueries({ queryKey: keys.project(projectId).environments });
    },
  });
  return (
    <form
      className="card inline-form"
      aria-label="New environment"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate();
      }}
    >
      <Field label="New environment" error={errorFor(create.error, "name")}>
        {(props) => <input {...props} required placeholder="staging" value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <button type="submit" disabled={create.isPending}>
        Add environment
      </button>
      <FormError message={formError(create.error, ["name"])} />
    </form>
  );
}
