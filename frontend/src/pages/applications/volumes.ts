import type { Schemas } from "../../api/client";

export type Mount = Schemas["Mount"];
export type MountErrors = { source?: string; target?: string };

const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;

function pathProblem(what: string, path: string): string | undefined {
  if (!path.startsWith("/")) return `${what} must be an absolute path (starting with /)`;
  if (path !== "/" && path.split("/").slice(1).some((part) => part === "" || part === "." || part === ".."))
    return `${what} must be normalised: no '.', '..', '//' or trailing slash`;
  return undefined;
}

/**
 * The checks the API applies to a mount, run as the person types so a typo is caught
 * under its input instead of after a round trip. The API stays the authority (system
 * paths, the admin-only rule for bind mounts): its answers are shown too.
 */
export function mountErrors(mounts: Mount[]): MountErrors[] {
  const targets = new Map<string, number>();
  mounts.forEach((m) => targets.set(m.target, (targets.get(m.target) ?? 0) + 1));
  return mounts.map((mount) => {
    const errors: MountErrors = {};
    if (mount.type === "volume") {
      if (!VOLUME_NAME.test(mount.source)) errors.source = "A volume name: letters, digits, '_', '.', '-' (starting with a letter or digit)";
    } else {
      const problem = pathProblem("The host path", mount.source);
      if (problem) errors.source = problem;
    }
    const target = pathProblem("The container path", mount.target);
    if (target) errors.target = target;
    else if (mount.target === "/") errors.target = "A mount can't replace the container's root";
    else if ((targets.get(mount.target) ?? 0) > 1) errors.target = "Two mounts share this container path";
    return errors;
  });
}

export function hasMountErrors(errors: MountErrors[]): boolean {
  return errors.some((e) => e.source || e.target);
}
