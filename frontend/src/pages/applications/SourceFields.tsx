import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { Field } from "../../ui/Field";
import { type ApplicationDraft, parseBuildArgs } from "./applicationDraft";

type Props = {
  orgId: string;
  draft: ApplicationDraft;
  set: <K extends keyof ApplicationDraft>(key: K) => (value: ApplicationDraft[K]) => void;
  err: (path: string) => string | undefined;
};

/** Where the image comes from: a prebuilt image, or a git repository built on the server. */
export function SourceFields({ draft, set, err }: Omit<Props, "orgId">) {
  const text = (key: keyof ApplicationDraft) => ({
    value: String(draft[key]),
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => set(key)(e.target.value as never),
  });
  return (
    <fieldset>
      <legend>Source</legend>
      <div className="row" role="radiogroup" aria-label="Source kind">
        <label className="check">
          <input type="radio" name="source-type" checked={draft.sourceType === "image"} onChange={() => set("sourceType")("image")} />
          Prebuilt image
        </label>
        <label className="check">
          <input type="radio" name="source-type" checked={draft.sourceType === "git"} onChange={() => set("sourceType")("git")} />
          Git repository (Berth builds it)
        </label>
      </div>
      {draft.sourceType === "image" ? (
        <Field label="Container image" error={err("source.image") ?? err("source")} hint="e.g. ghcr.io/acme/web:1.4; deployments pin it to a digest">
          {(p) => <input {...p} required placeholder="registry/image:tag" {...text("image")} />}
        </Field>
      ) : (
        <>
          <Field
            label="Repository"
            error={err("source.repository") ?? err("source")}
            hint="https://… for public repositories; git@host:owner/repo.git with a deploy key for private ones"
          >
            {(p) => <input {...p} required className="mono" spellCheck={false} placeholder="https://github.com/acme/web.git" {...text("repository")} />}
          </Field>
          <div className="row">
            <Field label="Branch or tag" error={err("source.ref")}>
              {(p) => <input {...p} className="mono" {...text("ref")} />}
            </Field>
            <Field label="Pinned commit" error={err("source.commit")} hint="Empty: the branch's tip at each deployment">
              {(p) => <input {...p} className="mono" spellCheck={false} {...text("commit")} />}
            </Field>
            <Field label="Path" error={err("source.path")} hint="Sub-directory holding the app">
              {(p) => <input {...p} className="mono" {...text("path")} />}
            </Field>
          </div>
        </>
      )}
    </fieldset>
  );
}

/** How a git source becomes an image. */
export function BuildFields({ orgId, draft, set, err }: Props) {
  const registries = useQuery({
    queryKey: keys.org(orgId).registries,
    queryFn: () =>
      unwrap(api.GET("/api/v1/organizations/{organization_id}/registries", { params: { path: { organization_id: orgId }, query: { limit: 100 } } })),
  });
  const text = (key: keyof ApplicationDraft) => ({
    value: String(draft[key]),
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => set(key)(e.target.value as never),
  });
  const bad = parseBuildArgs(draft.buildArgs).badLines;
  const list = registries.data?.items ?? [];
  return (
    <fieldset>
      <legend>Build</legend>
      <div className="row">
        <Field label="Dockerfile" error={err("build.dockerfile")} hint="Relative to the path above">
          {(p) => <input {...p} className="mono" {...text("dockerfile")} />}
        </Field>
        <Field label="Build context" error={err("build.context")}>
          {(p) => <input {...p} className="mono" {...text("context")} />}
        </Field>
        <Field label="Target stage" error={err("build.target")} hint="Multi-stage builds; empty for the last stage">
          {(p) => <input {...p} className="mono" {...text("target")} />}
        </Field>
      </div>
      <Field
        label="Build arguments"
        error={bad.length ? `Line ${bad.join(", ")}: write KEY=value` : err("build.args")}
        hint="KEY=value, one per line. Not secret: they stay in the image history; use build secrets for tokens."
      >
        {(p) => <textarea {...p} className="mono" rows={3} spellCheck={false} {...text("buildArgs")} />}
      </Field>
      <Field
        label="Push to registry"
        error={err("build.push_registry_id")}
        hint={
          list.length === 0 ? (
            <>
              Needed when the server's swarm has several nodes. <Link to={`/orgs/${orgId}/registries`}>Add a registry</Link> first.
            </>
          ) : (
            "Needed when the server's swarm has several nodes; otherwise the image stays on the server that built it."
          )
        }
      >
        {(p) => (
          <select {...p} value={draft.pushRegistryId} onChange={(e) => set("pushRegistryId")(e.target.value)}>
            <option value="">Don't push (single-node server)</option>
            {list.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name} ({r.address})
              </option>
            ))}
          </select>
        )}
      </Field>
    </fieldset>
  );
}
