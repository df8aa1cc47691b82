// The one HTTP client: typed by schema.gen.ts (generated from openapi/openapi.json by
// `make openapi`), so a renamed field or route is a type error here, not a runtime 404.
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema.gen";
import { ProblemError } from "./problem";

export type Schemas = components["schemas"];

export const CSRF_COOKIE = "berth_csrf";
export const CSRF_HEADER = "X-CSRF-Token";

export function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return decodeURIComponent(value.join("="));
  }
  return undefined;
}

// Cookie sessions need the double-submit CSRF header on every write; the API refuses
// the write without it, so adding it here means no screen can forget it.
const csrf: Middleware = {
  onRequest({ request }) {
    if (request.method !== "GET" && request.method !== "HEAD") {
      const token = readCookie(CSRF_COOKIE);
      if (token) request.headers.set(CSRF_HEADER, token);
    }
    return request;
  },
};

export const api = createClient<paths>({
  baseUrl: "",
  credentials: "same-origin",
  // Looked up per call rather than captured once, so whatever `fetch` the page has at
  // request time is used (component tests answer at this boundary).
  fetch: (request) => globalThis.fetch(request),
});
api.use(csrf);

type Result<T> = { data?: T; error?: unknown; response: Response };

/** Await an openapi-fetch call and return its body, throwing the problem document on error. */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw ProblemError.from(response, error);
  return data as T;
}
