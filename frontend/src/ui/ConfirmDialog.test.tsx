import { MantineProvider } from "@mantine/core";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { theme } from "../theme/theme";
import { StatusBadge } from "./Badge";
import { ConfirmDialog } from "./ConfirmDialog";

describe("ConfirmDialog", () => {
  it("keeps the destructive button disabled until the exact name is typed", async () => {
    const onConfirm = vi.fn();
    render(
      <MantineProvider theme={theme}>
        <ConfirmDialog opened title="Delete application web?" confirmLabel="Delete application" typeToConfirm="web" onConfirm={onConfirm} onClose={() => {}}>
          Removes it.
        </ConfirmDialog>
      </MantineProvider>,
    );
    const button = await screen.findByRole("button", { name: "Delete application" });
    expect((button as HTMLButtonElement).disabled).toBe(true);
    await userEvent.type(screen.getByLabelText("Type web to confirm"), "we");
    expect((button as HTMLButtonElement).disabled).toBe(true);
    await userEvent.click(button);
    expect(onConfirm).not.toHaveBeenCalled();
    await userEvent.type(screen.getByLabelText("Type web to confirm"), "b{Enter}");
    expect((button as HTMLButtonElement).disabled).toBe(false);
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });
});

describe("StatusBadge", () => {
  it("takes its colour from the one status palette and says the state in words", () => {
    render(
      <MantineProvider theme={theme}>
        <StatusBadge status="failed" />
        <StatusBadge status="deploying" label="building" />
      </MantineProvider>,
    );
    const failed = screen.getByText("failed").closest(".badge")!;
    expect(failed.getAttribute("data-tone")).toBe("bad");
    expect(failed.getAttribute("data-status")).toBe("failed");
    expect(failed.getAttribute("style")).toContain("var(--tone-bad)");
    expect(screen.getByText("building").closest(".badge")!.getAttribute("data-tone")).toBe("busy");
  });
});
