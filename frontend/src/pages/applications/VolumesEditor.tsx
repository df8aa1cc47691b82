import type { ProblemError } from "../../api/problem";
import { errorFor } from "../../api/problem";
import { Field } from "../../ui/Field";
import type { Mount, MountErrors } from "./volumes";

type Props = {
  mounts: Mount[];
  onChange: (mounts: Mount[]) => void;
  /** Shown only after a submit attempt, so a half-typed row isn't red at once. */
  errors: MountErrors[] | null;
  serverError: unknown;
  isAdmin: boolean;
};

export function VolumesEditor({ mounts, onChange, errors, serverError, isAdmin }: Props) {
  const update = (index: number, patch: Partial<Mount>) => onChange(mounts.map((m, i) => (i === index ? { ...m, ...patch } : m)));
  const forbidden = (serverError as ProblemError | null)?.status === 403 && mounts.some((m) => m.type === "bind");
  return (
    <fieldset aria-label="Volumes">
      <legend>Volumes</legend>
      {mounts.length === 0 && (
        <p className="muted">
          No volumes: the container's files are lost at each deployment. Add a named volume for data that must survive.
        </p>
      )}
      {mounts.map((mount, i) => {
        const server = (field: string) => errorFor(serverError, `runtime.volumes.${i}.${field}`) ?? undefined;
        const whole = errorFor(serverError, `runtime.volumes.${i}`);
        return (
          <div className="volume-row" key={i} role="group" aria-label={`Volume ${i + 1}`}>
            <Field label="Kind">
              {(p) => (
                <select {...p} value={mount.type} onChange={(e) => update(i, { type: e.target.value as Mount["type"] })}>
                  <option value="volume">Named volume</option>
                  <option value="bind">Host path (bind){isAdmin ? "" : " — admins"}</option>
                </select>
              )}
            </Field>
            <Field
              label={mount.type === "volume" ? "Volume name" : "Host path"}
              error={errors?.[i]?.source ?? server("source") ?? whole}
              hint={mount.type === "volume" ? "Kept across deployments" : "Absolute path on the server"}
            >
              {(p) => <input {...p} className="mono" value={mount.source} placeholder={mount.type === "volume" ? "data" : "/srv/media"} onChange={(e) => update(i, { source: e.target.value })} />}
            </Field>
            <Field label="Container path" error={errors?.[i]?.target ?? server("target")}>
              {(p) => <input {...p} className="mono" value={mount.target} placeholder="/var/lib/app" onChange={(e) => update(i, { target: e.target.value })} />}
            </Field>
            <label className="check">
              <input type="checkbox" checked={mount.read_only ?? false} onChange={(e) => update(i, { read_only: e.target.checked })} />
              Read-only
            </label>
            <button type="button" className="secondary" aria-label={`Remove volume ${i + 1}`} onClick={() => onChange(mounts.filter((_, j) => j !== i))}>
              Remove
            </button>
          </div>
        );
      })}
      {forbidden && (
        <div className="form-error" role="alert">
          {(serverError as ProblemError).detail ?? (serverError as ProblemError).title}
        </div>
      )}
      <button type="button" className="secondary" onClick={() => onChange([...mounts, { type: "volume", source: "", target: "", read_only: false }])}>
        Add volume
      </button>
    </fieldset>
  );
}
