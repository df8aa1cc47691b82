import { Anchor, Breadcrumbs, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { environmentQuery, projectQuery } from "../api/queries";
import { useOrgId } from "../hooks/useOrgId";

export type Crumb = { label: string | undefined; to?: string };

/** The full path to a screen (`shop / production / web`); the last part is where you are. */
export function Crumbs({ items }: { items: Crumb[] }) {
  return (
    <nav aria-label="Breadcrumb" className="crumbs">
      <Breadcrumbs separator="/" separatorMargin={6}>
        {items.map((item, i) =>
          item.to && i < items.length - 1 ? (
            <Anchor key={i} component={Link} to={item.to} size="sm">
              {item.label ?? "…"}
            </Anchor>
          ) : (
            <Text key={i} size="sm" aria-current={i === items.length - 1 ? "page" : undefined} className="crumb-current">
              {item.label ?? "…"}
            </Text>
          ),
        )}
      </Breadcrumbs>
    </nav>
  );
}

/** Projects / project / environment for an environment id: reads the cached environment and project. */
export function useEnvironmentCrumbs(environmentId: string | undefined): Crumb[] {
  const orgId = useOrgId();
  const environment = useQuery({ ...environmentQuery(environmentId ?? "none"), enabled: Boolean(environmentId) });
  const projectId = environment.data?.project_id;
  const project = useQuery({ ...projectQuery(projectId ?? "none"), enabled: Boolean(projectId) });
  return [
    { label: "Projects", to: `/orgs/${orgId}/projects` },
    { label: project.data?.name, to: projectId ? `/orgs/${orgId}/projects/${projectId}` : undefined },
    { label: environment.data?.name, to: environmentId ? `/orgs/${orgId}/environments/${environmentId}` : undefined },
  ];
}
