import { useMemo } from "react";
import type { Schemas } from "../../api/client";
import { useIsOrgAdmin } from "../../hooks/useOrgRole";
import { applicationVariables, buildSecrets } from "../../lib/variableStores";
import { DotenvPanel } from "../environments/DotenvPanel";
import { VariablesEditor } from "../environments/VariablesEditor";

/** This application's own variables (over the environment's) and its build-time secrets. */
export function ApplicationVariables({ app }: { app: Schemas["ApplicationRead"] }) {
  const isAdmin = useIsOrgAdmin(app.organization_id);
  const variables = useMemo(() => applicationVariables(app.id), [app.id]);
  const secrets = useMemo(() => buildSecrets(app.id), [app.id]);
  return (
    <>
      <h2>Application variables</h2>
      <p className="muted">
        Only this application sees them; a key set here wins over the environment's. Values are encrypted and never shown
        again{isAdmin ? " (admins can export them below)" : ""}.
      </p>
      <VariablesEditor store={variables} emptyText="The environment's variables apply. Add one here to set or override a value for this app only." />
      <DotenvPanel store={variables} isAdmin={isAdmin} />
      <h2>Build secrets</h2>
      <p className="muted">
        {app.source.type === "git"
          ? "Passed to the Dockerfile build as BuildKit secrets (RUN --mount=type=secret,id=KEY); they never end up in the image or its history."
          : "Used only when the application builds from git; this one deploys a prebuilt image."}
      </p>
      <VariablesEditor store={secrets} emptyText="E.g. NPM_TOKEN for a private package registry during the build." />
    </>
  );
}
