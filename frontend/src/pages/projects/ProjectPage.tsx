import { Anchor, Button, Group, Paper, Stack, Text } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Layers, Plus } from "lucide-react";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { api, type Schemas, unwrap } from "../../api/client";
import { applicationsQuery, environmentsQuery, projectQuery } from "../../api/queries";
import { keys } from "../../api/keys";
import { errorFor, formError } from "../../api/problem";
import { useOrgId, useParam } from "../../hooks/useOrgId";
import { DangerZone } from "../../ui/DangerZone";
import { EmptyState } from "../../ui/EmptyState";
import { Field, FormError } from "../../ui/Field";
import { AppCard } from "../../ui/AppCard";
import { Crumbs } from "../../ui/Crumbs";
import { ListSkeleton, QueryState } from "../../ui/QueryState";
import { usePageTitle } from "../../hooks/usePageTitle";

export function ProjectPage() {
  const orgId = useOrgId();
  const projectId = useParam("projectId");
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const project = useQuery(projectQuery(projectId));
  usePageTitle(project.data?.name);
  const environments = useQuery(environmentsQuery(projectId));
  return (
    <>
      <Crumbs items={[{ label: "Projects", to: `/orgs/${orgId}/projects` }, { label: project.data?.name }]} />
      <h1>{project.data?.name ?? "Project"}</h1>
      {project.data?.description && <p className="muted">{project.data.description}</p>}
      <h2>Environments</h2>
      <QueryState query={environments}>
        {(page) =>
          page.items.length === 0 ? (
            <EmptyState title="No environments">Add one below (for example production or staging) to deploy applications into it.</EmptyState>
          ) : (
            <Stack gap="md">
              {page.items.map((env) => (
                <EnvironmentSection key={env.id} orgId={orgId} environment={env} />
              ))}
            </Stack>
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

/** An environment with its applications as cards: the project page answers "what runs in staging?". */
function EnvironmentSection({ orgId, environment }: { orgId: string; environment: Schemas["EnvironmentRead"] }) {
  const applications = useQuery(applicationsQuery(environment.id));
  const to = `/orgs/${orgId}/environments/${environment.id}`;
  return (
    <Paper withBorder radius="md" p="md" className="env-section" component="section" aria-label={`Environment ${environment.name}`}>
      <Group justify="space-between">
        <Group gap="xs">
          <Layers size={18} aria-hidden />
          <Anchor component={Link} to={to} fw={650} size="lg">
            {environment.name}
          </Anchor>
          {environment.description && <Text className="muted" size="sm">{environment.description}</Text>}
        </Group>
        <Button component={Link} to={`${to}/new-application`} variant="default" size="xs" leftSection={<Plus size={14} aria-hidden />}>
          New application
        </Button>
      </Group>
      <QueryState query={applications} skeleton={<ListSkeleton rows={1} />}>
        {(page) =>
          page.items.length === 0 ? (
            <Text size="sm" className="muted" mt="xs">
              No applications yet.
            </Text>
          ) : (
            <div className="app-cards" role="list" aria-label={`Applications in ${environment.name}`}>
              {page.items.map((app) => (
                <div role="listitem" key={app.id}>
                  <AppCard orgId={orgId} app={app} />
                </div>
              ))}
            </div>
          )
        }
      </QueryState>
    </Paper>
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
