import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorFor, formError } from "../../api/problem";
import type { VariableStore } from "../../lib/variableStores";
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
export function VariablesEditor({ store, emptyText }: { store: VariableStore; emptyText: string }) {
  const { queryKey, noun } = store;
  const variables = useQuery({ queryKey, queryFn: store.list });
  const [drafts, setDrafts] = useState<Draft[]>([]);
  const [removed, setRemoved] = useState<Set<string>>(new Set());
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: () => {
      const changes: Record<string, string | null> = {};
      for (const key of removed) changes[key] = null;
      for (const draft of drafts) if (draft.key) changes[draft.key] = draft.value;
      return store.patch(changes);
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
      aria-label={`${capital(noun)}s`}
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <QueryState query={variables}>
        {(list) =>
          list.length === 0 && drafts.length === 0 ? (
            <EmptyState title={`No ${noun}s`}>{emptyText}</EmptyState>
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
                    <td className="muted">{variable.is_set ? (variable.hint ?? "set") : "not set"}</td>
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
              aria-label={`${capital(noun)} name`}
              placeholder="KEY"
              value={draft.key}
              onChange={(e) => update(index, { key: e.target.value })}
              aria-invalid={Boolean(keyError)}
            />
            <MaskedInput label={`Value of ${draft.key || `new ${noun}`}`} value={draft.value} onChange={(value) => update(index, { value })} />
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
          Add {noun}
        </button>
        <button type="submit" disabled={!dirty || save.isPending}>
          Save {noun}s
        </button>
      </div>
    </form>
  );
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
