import { lazy } from "react";
import { Navigate, Route, Routes } from "react-router";
import { RequireSession } from "./pages/auth/RequireSession";
import { HomeRedirect } from "./pages/auth/HomeRedirect";
import { LoginPage } from "./pages/auth/LoginPage";
import { Shell } from "./pages/shell/Shell";

// Each screen is its own chunk: the first paint downloads the shell and the screen it
// opens, not all of them (the 250 kB initial-JS budget, `make frontend-size`). The
// named exports are mapped to `default` so screens keep their names in stack traces.
const screen = <K extends string>(load: () => Promise<Record<K, React.ComponentType>>, name: K) =>
  lazy(() => load().then((module) => ({ default: module[name] })));

const DashboardPage = screen(() => import("./pages/dashboard/DashboardPage"), "DashboardPage");
const ProjectsPage = screen(() => import("./pages/projects/ProjectsPage"), "ProjectsPage");
const ProjectPage = screen(() => import("./pages/projects/ProjectPage"), "ProjectPage");
const EnvironmentPage = screen(() => import("./pages/environments/EnvironmentPage"), "EnvironmentPage");
const NewApplicationPage = screen(() => import("./pages/applications/NewApplicationPage"), "NewApplicationPage");
const ApplicationPage = screen(() => import("./pages/applications/ApplicationPage"), "ApplicationPage");
const DeploymentPage = screen(() => import("./pages/deployments/DeploymentPage"), "DeploymentPage");
const ServersPage = screen(() => import("./pages/servers/ServersPage"), "ServersPage");
const ServerPage = screen(() => import("./pages/servers/ServerPage"), "ServerPage");
const RegistriesPage = screen(() => import("./pages/registries/RegistriesPage"), "RegistriesPage");
const NotificationsPage = screen(() => import("./pages/notifications/NotificationsPage"), "NotificationsPage");
const TokensPage = screen(() => import("./pages/tokens/TokensPage"), "TokensPage");
const MembersPage = screen(() => import("./pages/members/MembersPage"), "MembersPage");
const AuditPage = screen(() => import("./pages/audit/AuditPage"), "AuditPage");
const OrganizationPage = screen(() => import("./pages/organization/OrganizationPage"), "OrganizationPage");

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route element={<RequireSession />}>
        <Route index element={<HomeRedirect />} />
        <Route path="/orgs/:orgId" element={<Shell />}>
          <Route index element={<DashboardPage />} />
          <Route path="projects" element={<ProjectsPage />} />
          <Route path="projects/:projectId" element={<ProjectPage />} />
          <Route path="environments/:environmentId" element={<EnvironmentPage />} />
          <Route path="environments/:environmentId/new-application" element={<NewApplicationPage />} />
          <Route path="applications/:appId/*" element={<ApplicationPage />} />
          <Route path="deployments/:deploymentId" element={<DeploymentPage />} />
          <Route path="servers" element={<ServersPage />} />
          <Route path="servers/:serverId" element={<ServerPage />} />
          <Route path="registries" element={<RegistriesPage />} />
          <Route path="notifications" element={<NotificationsPage />} />
          <Route path="tokens" element={<TokensPage />} />
          <Route path="members" element={<MembersPage />} />
          <Route path="audit" element={<AuditPage />} />
          <Route path="settings" element={<OrganizationPage />} />
        </Route>
      </Route>
      <Route path="*" element={<Navigate to="/" replace />} />
    </Routes>
  );
}
