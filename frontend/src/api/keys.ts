// Query-key factories: every cache key is built here so invalidations can't drift from
// the keys the screens read (invalidate `keys.app(id).all` and every app query refreshes).
export const keys = {
  me: ["me"] as const,
  organizations: ["organizations"] as const,
  org: (orgId: string) => {
    const all = ["organizations", orgId] as const;
    return {
      all,
      projects: [...all, "projects"] as const,
      servers: [...all, "servers"] as const,
      registries: [...all, "registries"] as const,
      tokens: [...all, "tokens"] as const,
      members: [...all, "members"] as const,
      settings: [...all, "settings"] as const,
      audit: (page: number) => [...all, "audit", page] as const,
    };
  },
  project: (projectId: string) => {
    const all = ["projects", projectId] as const;
    return { all, environments: [...all, "environments"] as const };
  },
  environment: (environmentId: string) => {
    const all = ["environments", environmentId] as const;
    return {
      all,
      applications: [...all, "applications"] as const,
      variables: [...all, "variables"] as const,
    };
  },
  app: (appId: string) => {
    const all = ["applications", appId] as const;
    return {
      all,
      deployments: [...all, "deployments"] as const,
      variables: [...all, "variables"] as const,
      buildSecrets: [...all, "build-secrets"] as const,
    };
  },
  deployment: (deploymentId: string) => {
    const all = ["deployments", deploymentId] as const;
    return { all, log: [...all, "log"] as const };
  },
  // Under the application's key, so invalidating `keys.app(id).all` refreshes them too.
  appDomains: (appId: string) => {
    const all = ["applications", appId, "domains"] as const;
    return { all, page: (page: number) => [...all, page] as const, certificates: [...all, "certificates"] as const };
  },
  server: (serverId: string) => {
    const all = ["servers", serverId] as const;
    return { all, setups: [...all, "setups"] as const };
  },
};
