import { Button } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import { useState } from "react";
import { formError } from "../api/problem";
import { ConfirmDialog } from "./ConfirmDialog";
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
  const [asking, setAsking] = useState(false);
  const remove = useMutation({
    mutationFn: onDelete,
    onSuccess: () => {
      setAsking(false);
      notifications.show({ color: "teal", title: `Deleted ${name}`, message: `The ${what} is gone.` });
      onDeleted();
    },
  });
  return (
    <section className="card danger-zone" aria-label={`Delete ${what}`}>
      <h2>Delete this {what}</h2>
      <p className="muted">{consequence}</p>
      <Button variant="outline" color="var(--tone-bad)" leftSection={<Trash2 size={16} aria-hidden />} onClick={() => setAsking(true)}>
        Delete {what}
      </Button>
      <FormError message={formError(remove.error, [])} />
      <ConfirmDialog
        opened={asking}
        title={`Delete ${what} ${name}?`}
        confirmLabel={`Delete ${what}`}
        typeToConfirm={name}
        pending={remove.isPending}
        error={formError(remove.error, [])}
        onConfirm={() => remove.mutate()}
        onClose={() => setAsking(false)}
      >
        {consequence} This cannot be undone.
      </ConfirmDialog>
    </section>
  );
}
