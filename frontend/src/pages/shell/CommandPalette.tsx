import { Spotlight, type SpotlightActionGroupData } from "@mantine/spotlight";
import { useQuery } from "@tanstack/react-query";
import { AppWindow, FolderKanban, Layers, Search, Server } from "lucide-react";
import { useState } from "react";
import { useNavigate } from "react-router";
import { serversQuery } from "../../api/queries";
import { useInventory } from "../../hooks/useInventory";

/**
 * Ctrl/⌘-K: jump to any project, environment, application or server by name. The lists
 * are fetched the first time the palette opens (and then come from the cache), so pages
 * that never open it don't pay for the walk over every project.
 */
export function CommandPalette({ orgId }: { orgId: string }) {
  const [wanted, setWanted] = useState(false);
  const navigate = useNavigate();
  const inventory = useInventory(orgId, { enabled: wanted });
  const servers = useQuery({ ...serversQuery(orgId), enabled: wanted });
  const go = (path: string) => () => navigate(`/orgs/${orgId}/${path}`);
  const icon = (Icon: typeof Search) => <Icon size={16} aria-hidden />;
  const groups: SpotlightActionGroupData[] = [
    {
      group: "Applications",
      actions: inventory.applications.map(({ app, project, environment }) => ({
        id: `app-${app.id}`,
        label: app.name,
        description: `${project.name} / ${environment.name}${app.hostname ? ` · ${app.hostname}` : ""}`,
        keywords: [project.name, environment.name, app.hostname ?? ""],
        leftSection: icon(AppWindow),
        onClick: go(`applications/${app.id}`),
      })),
    },
    {
      group: "Projects",
      actions: inventory.projects.map((project) => ({
        id: `project-${project.id}`,
        label: project.name,
        description: project.description || "Project",
        leftSection: icon(FolderKanban),
        onClick: go(`projects/${project.id}`),
      })),
    },
    {
      group: "Environments",
      actions: inventory.environments.map(({ project, environment }) => ({
        id: `env-${environment.id}`,
        label: `${project.name} / ${environment.name}`,
        description: "Environment",
        keywords: [environment.name],
        leftSection: icon(Layers),
        onClick: go(`environments/${environment.id}`),
      })),
    },
    {
      group: "Servers",
      actions: (servers.data?.items ?? []).map((server) => ({
        id: `server-${server.id}`,
        label: server.name,
        description: server.host,
        leftSection: icon(Server),
        onClick: go(`servers/${server.id}`),
      })),
    },
  ].filter((group) => group.actions.length > 0);
  const loading = wanted && (inventory.isPending || servers.isPending);
  return (
    <Spotlight
      actions={groups}
      shortcut={["mod + K"]}
      onSpotlightOpen={() => setWanted(true)}
      nothingFound={loading ? "Loading…" : "Nothing by that name"}
      highlightQuery
      limit={12}
      scrollable
      maxHeight={420}
      searchProps={{ leftSection: <Search size={18} aria-hidden />, placeholder: "Jump to a project, environment, app or server…", "aria-label": "Search" }}
    />
  );
}
