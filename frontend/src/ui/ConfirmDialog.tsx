import { Button, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { FormError } from "./Field";

/**
 * A destructive action's last step. With `typeToConfirm`, the button stays disabled until
 * the thing's name is typed: deleting an application or a server should take a deliberate
 * act, not a reflexive Enter on an OK button.
 */
export function ConfirmDialog({
  opened,
  title,
  children,
  confirmLabel,
  typeToConfirm,
  pending = false,
  error,
  onConfirm,
  onClose,
}: {
  opened: boolean;
  title: string;
  children: React.ReactNode;
  confirmLabel: string;
  typeToConfirm?: string;
  pending?: boolean;
  error?: string | undefined;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const [typed, setTyped] = useState("");
  const matches = typeToConfirm === undefined || typed === typeToConfirm;
  const close = () => {
    setTyped("");
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={title} centered>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (matches) onConfirm();
        }}
      >
        <Stack gap="md">
          <Text size="sm">{children}</Text>
          {typeToConfirm !== undefined && (
            <TextInput
              label={
                <>
                  Type <strong>{typeToConfirm}</strong> to confirm
                </>
              }
              aria-label={`Type ${typeToConfirm} to confirm`}
              value={typed}
              onChange={(event) => setTyped(event.currentTarget.value)}
              autoComplete="off"
              spellCheck={false}
              data-autofocus
            />
          )}
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Keep it
            </Button>
            <Button type="submit" color="red.8" disabled={!matches} loading={pending}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
