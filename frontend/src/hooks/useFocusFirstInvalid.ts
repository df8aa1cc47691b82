import { type RefObject, useEffect } from "react";

/**
 * After a rejected submit, move focus to the first field the server complained about, so
 * a keyboard or screen-reader user lands on the problem instead of hunting for it.
 */
export function useFocusFirstInvalid(form: RefObject<HTMLFormElement | null>, error: unknown) {
  useEffect(() => {
    if (!error) return;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [error, form]);
}
