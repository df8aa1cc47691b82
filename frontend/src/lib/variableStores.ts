import { api, type Schemas, unwrap } from "../api/client";
import { keys } from "../api/keys";

type Variable = Schemas["VariableRead"];
type Changes = Record<string, string | null>;

/**
 * One set of write-only values (environment variables, application variables, build
 * secrets) as the editor sees it. Each is built from the generated client's literal
 * routes, so the editor stays one component without losing the types.
 */
export type VariableStore = {
  queryKey: readonly unknown[];
  /** "variable" or "build secret": the words on the buttons. */
  noun: string;
  list: () => Promise<Variable[]>;
  patch: (changes: Changes) => Promise<Variable[]>;
  importDotenv?: (content: string, replace: boolean) => Promise<Variable[]>;
  exportDotenv?: () => Promise<string>;
};

export function environmentVariables(environmentId: string): VariableStore {
  const params = { params: { path: { environment_id: environmentId } } };
  return {
    queryKey: keys.environment(environmentId).variables,
    noun: "variable",
    list: () => unwrap(api.GET("/api/v1/environments/{environment_id}/variables", params)),
    patch: (variables) => unwrap(api.PATCH("/api/v1/environments/{environment_id}/variables", { ...params, body: { variables } })),
    importDotenv: (content, replace) =>
      unwrap(api.POST("/api/v1/environments/{environment_id}/variables/import", { ...params, body: { content, replace } })),
    exportDotenv: async () => (await unwrap(api.GET("/api/v1/environments/{environment_id}/variables/export", params))).content,
  };
}

export function applicationVariables(applicationId: string): VariableStore {
  const params = { params: { path: { application_id: applicationId } } };
  return {
    queryKey: keys.app(applicationId).variables,
    noun: "variable",
    list: () => unwrap(api.GET("/api/v1/applications/{application_id}/variables", params)),
    patch: (variables) => unwrap(api.PATCH("/api/v1/applications/{application_id}/variables", { ...params, body: { variables } })),
    importDotenv: (content, replace) =>
      unwrap(api.POST("/api/v1/applications/{application_id}/variables/import", { ...params, body: { content, replace } })),
    exportDotenv: async () => (await unwrap(api.GET("/api/v1/applications/{application_id}/variables/export", params))).content,
  };
}

/** Build secrets have no import or export: they are never readable back, by design. */
export function buildSecrets(applicationId: string): VariableStore {
  const params = { params: { path: { application_id: applicationId } } };
  return {
    queryKey: keys.app(applicationId).buildSecrets,
    noun: "build secret",
    list: () => unwrap(api.GET("/api/v1/applications/{application_id}/build-secrets", params)),
    patch: (variables) => unwrap(api.PATCH("/api/v1/applications/{application_id}/build-secrets", { ...params, body: { variables } })),
  };
}
