import { Anchor, Card, Text } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { FolderKanban } from "lucide-react";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { api, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { projectsQuery } from "../../api/queries";
import { errorFor, formError } from "../../api/problem";
import { useOrgId } from "../../hooks/useOrgId";
import { EmptyState } from "../../ui/EmptyState";
import { Field, FormError } from "../../ui/Field";
import { QueryState } from "../../ui/QueryState";
import { RelativeTime } from "../../ui/RelativeTime";
import { usePageTitle } from "../../hooks/usePageTitle";

export function ProjectsPage() {
  const orgId = useOrgId();
  usePageTitle("Projects");
  const projects = useQuery(projectsQuery(orgId));
  return (
    <>
      <h1>Projects</h1>
      <QueryState query={projects}>
        {(page) =>
          page.items.length === 0 ? (
            <EmptyState title="No projects yet">
              A project groups the applications of one product, with an environment per stage. Create the first one below.
            </EmptyState>
          ) : (
            <div className="app-cards" role="list" aria-label="Projects">
              {page.items.map((project) => (
                <Card key={project.id} withBorder radius="md" padding="md" className="project-card" role="listitem">
                  <Anchor component={Link} to={`/orgs/${orgId}/projects/${project.id}`} fw={650} size="lg">
                    <FolderKanban size={18} aria-hidden className="inline-icon" /> {project.name}
                  </Anchor>
                  <Text size="sm" className="muted">
                    {project.description || "No description"}
                  </Text>
                  <Text size="xs" className="muted" mt="xs">
                    created <RelativeTime iso={project.created_at} />
                  </Text>
                </Card>
              ))}
            </div>
          )
        }
      </QueryState>
      <NewProjectForm orgId={orgId} />
    </>
  );
}

function NewProjectForm({ orgId }: { orgId: string }) {
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [environments, setEnvironments] = useState("production");
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/organizations/{organization_id}/projects", {
          params: { path: { organization_id: orgId } },
          body: {
            name,
            description,
            environments: environments.split(",").map((e) => e.trim()).filter(Boolean),
          },
        }),
      ),
    onSuccess: async (project) => {
      await queryClient.invalidateQueries({ queryKey: keys.org(orgId).projects });
      navigate(`/orgs/${orgId}/projects/${project.id}`);
    },
  });
  return (
    <form
      className="card"
      aria-label="New project"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate();
      }}
    >
      <h2>New project</h2>
      <div className="row">
        <Field label="Name" error={errorFor(create.error, "name")}>
          {(props) => <input {...props} required value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label="Environments" hint="Comma-separated; each gets its own apps and variables" error={errorFor(create.error, "environments")}>
          {(props) => <input {...props} value={environments} onChange={(e) => setEnvironments(e.target.value)} />}
        </Field>
      </div>
      <Field label="Description" error={errorFor(create.error, "description")}>
        {(props) => <input {...props} value={description} onChange={(e) => setDescription(e.target.value)} />}
      </Field>
      <FormError message={formError(create.error, ["name", "description", "environments"])} />
      <button type="submit" disabled={create.isPending}>
        Create project
      </button>
    </form>
  );
}
