import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap } from "../../api/client";
import { keys } from "../../api/keys";
import { errorFor, formError } from "../../api/problem";
import { EmptyState } from "../../ui/EmptyState";
import { FormError } from "../../ui/Field";
import { QueryState } from "../../ui/QueryState";
import { RelativeTime } from "../../ui/RelativeTime";
import { MaskedInput } from "./MaskedInput";

type Draft = { key: string; value: string };

/**
 * Write-only secrets: the API returns a masked hint, never a value, so the editor only
 * collects changes (set, replace, remove) and sends them as one PATCH.
 */
export function VariablesEditor({ environmentId }: { environmentId: string }) {
  const queryKey = keys.environment(environmentId).variables;
  const variables = useQuery({
    queryKey,
    queryFn: () =>
      unwrap(api.GET("/api/v1/environments/{environment_id}/variables", { params: { path: { environment_id: environmentId } } })),
  });
  const [drafts, setDrafts] = useState<Draft[]>([]);
  const [removed, setRemoved] = useState<Set<string>>(new Set());
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: () => {
      const changes: Record<string, string | null> = {};
      for (const key of removed) changes[key] = null;
      for (const draft of drafts) if (draft.key) changes[draft.key] = draft.value;
      return unwrap(
        api.PATCH("/api/v1/environments/{environment_id}/variables", {
          params: { path: { environment_id: environmentId } },
          body: { variables: changes },
        }),
      );
    },
    onSuccess: async () => {
      setDrafts([]);
      setRemoved(new Set());
      await queryClient.invalidateQueries({ queryKey });
    },
  });
  const dirty = drafts.length > 0 || removed.size > 0;
  const update = (index: number, patch: Partial<Draft>) =>
    setDrafts((all) => all.map((d, i) => (i === index ? { ...d, ...patch } : d)));
  return (
    <form
      className="card"
      aria-label="Variables"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <QueryState query={variables}>
        {(list) =>
          list.length === 0 && drafts.length === 0 ? (
            <EmptyState title="No variables">Add DATABASE_URL, API keys and the like; apps receive them at their next deploy.</EmptyState>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>Key</th>
                  <th>Value</th>
                  <th>Updated</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {list.map((variable) => (
                  <tr key={variable.key} className={removed.has(variable.key) ? "removed" : undefined}>
                    <td>
                      <code>{variable.key}</code>
                    </td>
                    <td className="muted">{variable.is_set ? variable.hint : "not set"}</td>
                    <td>
                      <RelativeTime iso={variable.updated_at ?? variable.created_at} />
                    </td>
                    <td className="actions">
                      <button
                        type="button"
                        className="secondary"
                        onClick={() => setDrafts((all) => [...all, { key: variable.key, value: "" }])}
                      >
                        Replace
                      </button>
                      <button
                        type="button"
                        className="secondary"
                        aria-pressed={removed.has(variable.key)}
                        onClick={() =>
                          setRemoved((all) => {
                            const next = new Set(all);
                            if (next.has(variable.key)) next.delete(variable.key);
                            else next.add(variable.key);
                            return next;
                          })
                        }
                      >
                        {removed.has(variable.key) ? "Keep" : "Remove"}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryState>
      {drafts.map((draft, index) => {
        const keyError = errorFor(save.error, `variables.${draft.key}`);
        return (
          <div className="row" key={index}>
            <input
              aria-label="Variable name"
              placeholder="KEY"
              value={draft.key}
              onChange={(e) => update(index, { key: e.target.value })}
              aria-invalid={Boolean(keyError)}
            />
            <MaskedInput label={`Value of ${draft.key || "new variable"}`} value={draft.value} onChange={(value) => update(index, { value })} />
            <button type="button" className="secondary" onClick={() => setDrafts((all) => all.filter((_, i) => i !== index))}>
              Discard
            </button>
            {keyError && (
              <div className="field-error" role="alert">
                {keyError}
              </div>
            )}
          </div>
        );
      })}
      <FormError message={formError(save.error, drafts.map((d) => `variables.${d.key}`))} />
      <div className="row">
        <button type="button" className="secondary" onClick={() => setDrafts((all) => [...all, { key: "", value: "" }])}>
          Add variable
        </button>
        <button type="submit" disabled={!dirty || save.isPending}>
          Save variables
        </button>
      </div>
    </form>
  );
}
