import { MantineProvider } from "@mantine/core";
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import { theme } from "../../theme/theme";
import { ResolvedImage } from "./DeploymentPage";

const wrapper = ({ children }: { children: React.ReactNode }) => <MantineProvider theme={theme}>{children}</MantineProvider>;

describe("ResolvedImage", () => {
  const base = { status: "running", steps: [{ name: "resolve", status: "running", detail: "" }], image: null } as unknown as Schemas["DeploymentRead"];

  it("says the image is being resolved, then shows it with a copy button as soon as the row has it", () => {
    const { rerender } = render(<ResolvedImage deployment={base} />, { wrapper });
    expect(screen.getByText("resolving…")).toBeTruthy();
    const image = "registry:5000/tbapp@sha256:" + "b".repeat(64);
    rerender(<ResolvedImage deployment={{ ...base, image }} />);
    expect(screen.getByTestId("resolved-image").textContent).toBe(image);
    expect(screen.getByRole("button", { name: "Copy image reference" })).toBeTruthy();
  });

  it("says plainly when a deployment ended before any image", () => {
    render(<ResolvedImage deployment={{ ...base, status: "failed" }} />, { wrapper });
    expect(screen.getByText("none: it stopped before an image was resolved")).toBeTruthy();
  });
});
