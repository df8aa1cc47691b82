import { useQuery } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { Link } from "react-router";
import { api, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { errorFor, formError, ProblemError } from "../../api/problem";
import { useFocusFirstInvalid } from "../../hooks/useFocusFirstInvalid";
import { Field, FormError } from "../../ui/Field";
import { useIsOrgAdmin } from "../../hooks/useOrgRole";
import { type ApplicationDraft, parseBuildArgs } from "./applicationDraft";
import { BuildFields, SourceFields } from "./SourceFields";
import { VolumesEditor } from "./VolumesEditor";
import { hasMountErrors, mountErrors } from "./volumes";

const FIELDS = ["name", "server_id", "source", "build", "runtime"];

type Props = {
  orgId: string;
  initial: ApplicationDraft;
  mode: "create" | "edit";
  error: unknown;
  pending: boolean;
  onSubmit: (draft: ApplicationDraft) => void;
  /** Shown instead of the source inputs when the source is of a kind this form doesn't edit. */
  sourceNote?: string | undefined;
};

export function ApplicationForm({ orgId, initial, mode, error, pending, onSubmit, sourceNote }: Props) {
  const [draft, setDraft] = useState(initial);
  // Local checks show after the first submit attempt, then follow the typing.
  const [checked, setChecked] = useState(false);
  const isAdmin = useIsOrgAdmin(orgId);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, error);
  const set = <K extends keyof ApplicationDraft>(key: K) => (value: ApplicationDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const servers = useQuery({
    queryKey: keys.org(orgId).servers,
    queryFn: () =>
      unwrap(api.GET("/api/v1/organizations/{organization_id}/servers", { params: { path: { organization_id: orgId }, query: { limit: 100 } } })),
  });
  const serverList = servers.data?.items ?? [];
  const err = (path: string) => errorFor(error, path);
  const text = (key: keyof ApplicationDraft) => ({
    value: String(draft[key]),
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => set(key)(e.target.value as never),
  });
  return (
    <form
      ref={formRef}
      className="card app-form"
      aria-label={mode === "create" ? "New application" : "Application settings"}
      onSubmit={(event) => {
        event.preventDefault();
        setChecked(true);
        if (hasMountErrors(mountErrors(draft.volumes))) return;
        if (draft.sourceType === "git" && parseBuildArgs(draft.buildArgs).badLines.length) return;
        onSubmit(draft);
      }}
    >
      <fieldset>
        <legend>General</legend>
        <div className="row">
          <Field label="Name" error={err("name")} hint="Lowercase letters, digits and dashes; part of the host name">
            {(p) => <input {...p} required pattern="[a-z0-9]([a-z0-9\-]{0,61}[a-z0-9])?" {...text("name")} />}
          </Field>
          <Field
            label="Server"
            error={err("server_id")}
            hint={serverList.length === 0 ? <Link to={`/orgs/${orgId}/servers`}>Add a server first</Link> : undefined}
          >
            {(p) => (
              <select {...p} required disabled={mode === "edit"} value={draft.serverId} onChange={(e) => set("serverId")(e.target.value)}>
                <option value="">Choose a server…</option>
                {serverList.map((s) => (
                  <option key={s.id} value={s.id} disabled={!s.is_set_up}>
                    {s.name} ({s.host}){s.is_set_up ? "" : " — not set up"}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      </fieldset>
      {sourceNote ? (
        <p className="muted">{sourceNote}</p>
      ) : (
        <SourceFields draft={draft} set={set} err={err} />
      )}
      {draft.sourceType === "git" && <BuildFields orgId={orgId} draft={draft} set={set} err={err} />}
      <fieldset>
        <legend>Runtime</legend>
        <div className="row">
          <Field label="Port" error={err("runtime.port")} hint="The port the container listens on; Traefik routes to it">
            {(p) => <input {...p} type="number" min={1} max={65535} {...text("port")} />}
          </Field>
          <Field label="Replicas" error={err("runtime.replicas")}>
            {(p) => <input {...p} type="number" min={0} {...text("replicas")} />}
          </Field>
          <Field label="CPU limit" error={err("runtime.cpu_limit")} hint="cores, empty for none">
            {(p) => <input {...p} type="number" step="0.1" min={0} {...text("cpuLimit")} />}
          </Field>
          <Field label="Memory limit (MB)" error={err("runtime.memory_limit_mb")}>
            {(p) => <input {...p} type="number" min={0} {...text("memoryLimitMb")} />}
          </Field>
        </div>
        <Field label="Command" error={err("runtime.command")} hint="One argument per line; empty keeps the image's own">
          {(p) => <textarea {...p} rows={3} spellCheck={false} {...text("command")} />}
        </Field>
        <div className="row">
          <Field label="Restart" error={err("runtime.restart_policy.condition")} hint="When Swarm replaces a container that exited">
            {(p) => (
              <select {...p} value={draft.restartCondition} onChange={(e) => set("restartCondition")(e.target.value as ApplicationDraft["restartCondition"])}>
                <option value="any">Always</option>
                <option value="on-failure">On failure (non-zero exit)</option>
                <option value="none">Never</option>
              </select>
            )}
          </Field>
          <Field label="Max restart attempts" error={err("runtime.restart_policy.max_attempts")} hint="0: unlimited">
            {(p) => <input {...p} type="number" min={0} max={1000} disabled={draft.restartCondition === "none"} {...text("restartMaxAttempts")} />}
          </Field>
          <Field label="Restart delay (s)" error={err("runtime.restart_policy.delay_seconds")}>
            {(p) => <input {...p} type="number" min={0} max={3600} disabled={draft.restartCondition === "none"} {...text("restartDelay")} />}
          </Field>
        </div>
      </fieldset>
      <VolumesEditor
        mounts={draft.volumes}
        onChange={set("volumes")}
        errors={checked ? mountErrors(draft.volumes) : null}
        serverError={error}
        isAdmin={isAdmin}
      />
      <fieldset>
        <legend>Health check</legend>
        <label className="check">
          <input type="checkbox" checked={draft.healthCheck} onChange={(e) => set("healthCheck")(e.target.checked)} />
          Gate releases on a health check (a failing new version is rolled back)
        </label>
        {draft.healthCheck && (
          <>
            <div className="row">
              <Field label="Type" error={err("runtime.health_check.type")}>
                {(p) => (
                  <select {...p} value={draft.healthType} onChange={(e) => set("healthType")(e.target.value as "http" | "command")}>
                    <option value="http">HTTP GET</option>
                    <option value="command">Command</option>
                  </select>
                )}
              </Field>
              {draft.healthType === "http" ? (
                <Field label="Path" error={err("runtime.health_check.path")}>
                  {(p) => <input {...p} {...text("healthPath")} />}
                </Field>
              ) : (
                <Field label="Check command" error={err("runtime.health_check.command")} hint="One argument per line">
                  {(p) => <textarea {...p} rows={2} {...text("healthCommand")} />}
                </Field>
              )}
            </div>
            <div className="row">
              <Field label="Interval (s)" error={err("runtime.health_check.interval_seconds")}>
                {(p) => <input {...p} type="number" min={1} {...text("healthInterval")} />}
              </Field>
              <Field label="Timeout (s)" error={err("runtime.health_check.timeout_seconds")}>
                {(p) => <input {...p} type="number" min={1} {...text("healthTimeout")} />}
              </Field>
              <Field label="Retries" error={err("runtime.health_check.retries")}>
                {(p) => <input {...p} type="number" min={1} {...text("healthRetries")} />}
              </Field>
              <Field label="Start period (s)" error={err("runtime.health_check.start_period_seconds")}>
                {(p) => <input {...p} type="number" min={0} {...text("healthStartPeriod")} />}
              </Field>
            </div>
          </>
        )}
      </fieldset>
      {/* A refused bind mount is explained in the volumes section, not twice. */}
      <FormError message={bindRefused(error, draft) ? undefined : formError(error, FIELDS)} />
      <button type="submit" disabled={pending}>
        {mode === "create" ? "Create application" : "Save changes"}
      </button>
    </form>
  );
}

function bindRefused(error: unknown, draft: ApplicationDraft): boolean {
  return error instanceof ProblemError && error.status === 403 && draft.volumes.some((m) => m.type === "bind");
}
