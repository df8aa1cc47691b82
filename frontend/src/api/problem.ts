// RFC 9457 problem documents as the UI sees them: one error class, with the 422 `errors`
// list turned into a map keyed by the field's dotted path so forms can show each message
// next to the input it concerns.
import type { components } from "./schema.gen";

type Problem = components["schemas"]["Problem"];
type FieldError = components["schemas"]["FieldError"];

export class ProblemError extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string | null;
  readonly fieldErrors: Record<string, string>;
  /** The 422 `errors` as sent, extensions included (e.g. a `.env` import's `line`). */
  readonly errors: FieldError[];

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = "ProblemError";
    this.status = problem.status;
    this.type = problem.type;
    this.title = problem.title;
    this.detail = problem.detail ?? null;
    this.errors = problem.errors ?? [];
    this.fieldErrors = fieldErrorMap(this.errors);
  }

  static from(response: Response, body: unknown): ProblemError {
    if (isProblem(body)) return new ProblemError(body);
    // A proxy's HTML error page or an empty body: still say what happened.
    return new ProblemError({
      type: "about:blank",
      title: response.statusText || "Request failed",
      status: response.status,
      detail: `the server answered ${response.status}`,
    });
  }
}

function isProblem(body: unknown): body is Problem {
  return typeof body === "object" && body !== null && "status" in body && "title" in body;
}

/** ["body", "runtime", "port"] -> "runtime.port"; the location prefix is not a field. */
export function fieldPath(loc: FieldError["loc"]): string {
  const [first, ...rest] = loc;
  const parts = first === "body" || first === "query" || first === "path" ? rest : loc;
  return parts.join(".");
}

function fieldErrorMap(errors: FieldError[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const error of errors) {
    const path = fieldPath(error.loc);
    map[path] = map[path] ? `${map[path]}; ${error.msg}` : error.msg;
  }
  return map;
}

/** The message for one field, or for any nested field under it (e.g. "runtime.health_check"). */
export function errorFor(error: unknown, path: string): string | undefined {
  if (!(error instanceof ProblemError)) return undefined;
  if (error.fieldErrors[path]) return error.fieldErrors[path];
  const nested = Object.entries(error.fieldErrors).find(([key]) => key.startsWith(`${path}.`));
  return nested?.[1];
}

/** The message for the form as a whole: the detail, unless every error sits on a field. */
export function formError(error: unknown, fields: string[]): string | undefined {
  if (!error) return undefined;
  if (!(error instanceof ProblemError)) return error instanceof Error ? error.message : String(error);
  const unplaced = Object.keys(error.fieldErrors).filter(
    (key) => !fields.some((field) => key === field || key.startsWith(`${field}.`)),
  );
  if (Object.keys(error.fieldErrors).length > 0 && unplaced.length === 0) return undefined;
  const extra = unplaced.map((key) => `${key || "request"}: ${error.fieldErrors[key]}`);
  return [error.detail ?? error.title, ...extra].join(" — ");
}
