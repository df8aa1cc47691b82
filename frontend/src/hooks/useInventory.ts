import { useQueries, useQuery } from "@tanstack/react-query";
import type { Schemas } from "../api/client";
import { applicationsQuery, environmentsQuery, projectsQuery } from "../api/queries";

export type InventoryEnvironment = { project: Schemas["ProjectRead"]; environment: Schemas["EnvironmentRead"] };
export type InventoryApplication = InventoryEnvironment & { app: Schemas["ApplicationRead"] };

/**
 * Every project, environment and application of the organisation, walked from the list
 * endpoints the screens already use (there is no organisation-wide application list): one
 * request for the projects, one per project, one per environment, each cached under the
 * key its own page reads.
 */
export function useInventory(orgId: string, { enabled = true, refetchInterval }: { enabled?: boolean; refetchInterval?: number } = {}) {
  const projects = useQuery({ ...projectsQuery(orgId), enabled, ...(refetchInterval ? { refetchInterval } : {}) });
  const projectItems = projects.data?.items ?? [];
  const environments = useQueries({
    queries: projectItems.map((project) => ({ ...environmentsQuery(project.id), enabled })),
  });
  // Recomputed each render: flattening a few hundred rows is cheaper than keeping memo
  // dependencies right across a changing number of queries.
  const environmentItems: InventoryEnvironment[] = projectItems.flatMap((project, i) =>
    (environments[i]?.data?.items ?? []).map((environment) => ({ project, environment })),
  );
  const applications = useQueries({
    queries: environmentItems.map(({ environment }) => ({
      ...applicationsQuery(environment.id),
      enabled,
      ...(refetchInterval ? { refetchInterval } : {}),
    })),
  });
  const applicationItems: InventoryApplication[] = environmentItems.flatMap((env, i) =>
    (applications[i]?.data?.items ?? []).map((app) => ({ ...env, app })),
  );
  const isPending = projects.isPending || environments.some((q) => q.isPending) || applications.some((q) => q.isPending);
  const error = projects.error ?? environments.find((q) => q.error)?.error ?? applications.find((q) => q.error)?.error ?? null;
  return { projects: projectItems, environments: environmentItems, applications: applicationItems, isPending: enabled && isPending, error };
}
