// Where each of the domains API's problems belongs in the form. Beyond the 422 `errors`
// list (placed by `loc`), two kinds carry no field: a 409 domain-taken is about the host
// and path, and checks across fields (a pydantic model validator, `invalid-domain-change`)
// name the field they concern in their text.
import { ProblemError, fieldPath } from "../../api/problem";

/** Field path -> words in a message that place it there; the first match wins. */
const MENTIONS: [string, RegExp][] = [
  ["uploaded_certificate", /uploaded_certificate|certificate 'uploaded'|PEM|private.key|the certificate (is for|expired)/i],
  ["redirect_https", /redirect_https/],
  ["strip_prefix", /strip_prefix/],
  ["www_redirect", /\bwww\b|www_redirect/],
  ["headers", /header/i],
];

export type PlacedProblem = { fields: Record<string, string>; form: string | undefined };

/** Split an error into messages per field path and the rest, for the form as a whole. */
export function placeDomainProblem(error: unknown, known: string[]): PlacedProblem {
  if (!error) return { fields: {}, form: undefined };
  if (!(error instanceof ProblemError)) return { fields: {}, form: error instanceof Error ? error.message : String(error) };
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  const put = (path: string, message: string) => {
    fields[path] = fields[path] ? `${fields[path]}; ${message}` : message;
  };
  const byMention = (message: string) => MENTIONS.find(([, pattern]) => pattern.test(message))?.[0];

  if (error.status === 409 && error.type.endsWith("/domain-taken")) {
    put("host", error.detail ?? error.title);
    return { fields, form: undefined };
  }
  // The errors one by one, not `fieldErrors`: body-level ones share the path "" but can concern different fields.
  for (const { loc, msg: message } of error.errors) {
    const path = fieldPath(loc);
    const target = path || byMention(message);
    if (target && known.some((field) => target === field || target.startsWith(`${field}.`))) put(target, message);
    else rest.push(path ? `${path}: ${message}` : message);
  }
  if (error.errors.length === 0) {
    const target = error.detail ? byMention(error.detail) : undefined;
    if (target && error.status === 422) put(target, error.detail!);
    else rest.push(error.detail ? `${error.title}: ${error.detail}` : error.title);
  }
  return { fields, form: rest.length > 0 ? rest.join(" — ") : undefined };
}

/** The message for a field or anything nested under it ("basic_auth" covers "basic_auth.0.password"). */
export function messageFor(fields: Record<string, string>, path: string): string | undefined {
  if (fields[path]) return fields[path];
  return Object.entries(fields).find(([key]) => key.startsWith(`${path}.`))?.[1];
}
