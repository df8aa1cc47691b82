import { useMutation } from "@tanstack/react-query";
import { formError } from "../api/problem";
import { FormError } from "./Field";

/**
 * Deleting asks for the name to be typed, not just a click on OK: the one irreversible
 * action in each screen should take a deliberate step.
 */
export function DangerZone({
  what,
  name,
  consequence,
  onDelete,
  onDeleted,
}: {
  what: string;
  name: string;
  consequence: string;
  onDelete: () => Promise<unknown>;
  onDeleted: () => void;
}) {
  const remove = useMutation({ mutationFn: onDelete, onSuccess: onDeleted });
  return (
    <section className="card danger-zone" aria-label={`Delete ${what}`}>
      <h2>Delete this {what}</h2>
      <p className="muted">{consequence}</p>
      <button
        type="button"
        className="danger"
        disabled={remove.isPending}
        onClick={() => {
          if (window.prompt(`Type ${name} to delete this ${what}`) === name) remove.mutate();
        }}
      >
        Delete {what}
      </button>
      <FormError message={formError(remove.error, [])} />
    </section>
  );
}
