import { act, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { StepList } from "./StepList";

afterEach(() => {
  vi.useRealTimers();
});

describe("StepList", () => {
  it("ticks the running step's elapsed time and shows finished steps' durations", () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "Date"] });
    vi.setSystemTime(new Date("2026-01-01T00:01:05Z"));
    render(
      <StepList
        steps={[
          { name: "resolve", status: "done", detail: "", duration_ms: 850 },
          { name: "converge", status: "running", detail: "", started_at: "2026-01-01T00:00:00Z" },
          { name: "monitor", status: "pending", detail: "" },
        ]}
      />,
    );
    expect(screen.getByText("850 ms")).toBeTruthy();
    expect(screen.getByText("1 min 05 s")).toBeTruthy();
    act(() => vi.advanceTimersByTime(2000));
    expect(screen.getByText("1 min 07 s")).toBeTruthy();
    // A pending step has no time yet.
    expect(screen.getAllByRole("listitem")[2]!.textContent).toBe("○monitorpending");
  });
});
