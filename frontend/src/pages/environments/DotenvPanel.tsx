import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useRef, useState } from "react";
import { formError } from "../../api/problem";
import type { VariableStore } from "../../lib/variableStores";
import { CopyButton } from "../../ui/CopyButton";
import { FormError } from "../../ui/Field";
import { dotenvLineErrors, lineRange } from "./dotenvErrors";

/**
 * `.env` in and out. Import is all-or-nothing: a bad line changes nothing and each bad
 * line is listed by number, with a button that selects it in the text. Export reveals
 * every value, so it is for admins, behind a click, with a warning.
 */
export function DotenvPanel({ store, isAdmin }: { store: VariableStore; isAdmin: boolean }) {
  return (
    <details className="card">
      <summary>Import or export a .env file</summary>
      {store.importDotenv && <ImportForm store={store} />}
      {store.exportDotenv && isAdmin && <ExportView store={store} />}
    </details>
  );
}

function ImportForm({ store }: { store: VariableStore }) {
  const [content, setContent] = useState("");
  const [replace, setReplace] = useState(false);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  const queryClient = useQueryClient();
  const run = useMutation({
    mutationFn: () => store.importDotenv!(content, replace),
    onSuccess: (variables) => {
      queryClient.setQueryData(store.queryKey, variables);
      setContent("");
    },
  });
  const lineErrors = dotenvLineErrors(run.error);
  const select = (line: number) => {
    const area = textRef.current;
    if (!area) return;
    area.focus();
    area.setSelectionRange(...lineRange(content, line));
  };
  return (
    <form
      aria-label="Import .env"
      onSubmit={(event) => {
        event.preventDefault();
        run.mutate();
      }}
    >
      <label htmlFor={id}>.env content</label>
      <textarea
        id={id}
        ref={textRef}
        className="mono"
        rows={8}
        spellCheck={false}
        placeholder={"DATABASE_URL=postgres://…\n# comments are fine\nexport API_KEY='literal'"}
        value={content}
        aria-invalid={lineErrors.length > 0}
        aria-describedby={lineErrors.length ? `${id}-errors` : undefined}
        onChange={(e) => setContent(e.target.value)}
      />
      {lineErrors.length > 0 && (
        <div role="alert" id={`${id}-errors`}>
          <ul className="line-errors" aria-label="Lines with errors">
            {lineErrors.map((e, i) => (
              <li key={i}>
                {e.line !== null ? (
                  <button type="button" className="link" onClick={() => select(e.line!)}>
                    Line {e.line}
                  </button>
                ) : (
                  "File"
                )}
                : {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <label className="check">
        <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} />
        Replace: delete {store.noun}s the file doesn't mention
      </label>
      <FormError message={lineErrors.length ? undefined : formError(run.error, ["content"])} />
      {run.isSuccess && (
        <p className="notice" role="status">
          Imported. Applications receive the values at their next deployment.
        </p>
      )}
      <button type="submit" disabled={!content.trim() || run.isPending}>
        Import
      </button>
    </form>
  );
}

function ExportView({ store }: { store: VariableStore }) {
  const [text, setText] = useState<string | null>(null);
  const run = useMutation({ mutationFn: store.exportDotenv!, onSuccess: setText });
  return (
    <div className="export">
      <h3>Export</h3>
      {text === null ? (
        <button type="button" className="secondary" disabled={run.isPending} onClick={() => run.mutate()}>
          Show values as .env
        </button>
      ) : (
        <>
          <p className="warning" role="status">
            These are the real values, in clear. The export is recorded in the audit log; don't paste it anywhere shared.
          </p>
          <textarea className="mono" aria-label="Exported .env" readOnly rows={8} value={text} />
          <div className="row">
            <CopyButton text={text} />
            <button type="button" className="secondary" onClick={() => setText(null)}>
              Hide
            </button>
          </div>
        </>
      )}
      <FormError message={formError(run.error, [])} />
    </div>
  );
}
