import { Navigate, Route, Routes } from "react-router";
import { RequireSession } from "./pages/auth/RequireSession";
import { HomeRedirect } from "./pages/auth/HomeRedirect";
import { LoginPage } from "./pages/auth/LoginPage";
import { Shell } from "./pages/shell/Shell";
import { ProjectsPage } from "./pages/projects/ProjectsPage";
import { ProjectPage } from "./pages/projects/ProjectPage";
import { EnvironmentPage } from "./pages/environments/EnvironmentPage";
import { NewApplicationPage } from "./pages/applications/NewApplicationPage";
import { ApplicationPage } from "./pages/applications/ApplicationPage";
import { DeploymentPage } from "./pages/deployments/DeploymentPage";
import { ServersPage } from "./pages/servers/ServersPage";
import { ServerPage } from "./pages/servers/ServerPage";
import { RegistriesPage } from "./pages/registries/RegistriesPage";
import { TokensPage } from "./pages/tokens/TokensPage";
import { MembersPage } from "./pages/members/MembersPage";
import { AuditPage } from "./pages/audit/AuditPage";
import { OrganizationPage } from "./pages/organization/OrganizationPage";

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route element={<RequireSession />}>
        <Route index element={<HomeRedirect />} />
        <Route path="/orgs/:orgId" element={<Shell />}>
          <Route index element={<Navigate to="projects" replace />} />
          <Route path="projects" element={<ProjectsPage />} />
          <Route path="projects/:projectId" element={<ProjectPage />} />
          <Route path="environments/:environmentId" element={<EnvironmentPage />} />
          <Route path="environments/:environmentId/new-application" element={<NewApplicationPage />} />
          <Route path="applications/:appId/*" element={<ApplicationPage />} />
          <Route path="deployments/:deploymentId" element={<DeploymentPage />} />
          <Route path="servers" element={<ServersPage />} />
          <Route path="servers/:serverId" element={<ServerPage />} />
          <Route path="registries" element={<RegistriesPage />} />
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
