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

  it("says the new version serves while Swarm watches it, counting the window down", () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "Date"] });
    vi.setSystemTime(new Date("2026-01-01T00:00:07Z"));
    render(
      <StepList
        steps={[
          { name: "converge", status: "done", detail: "", duration_ms: 4000 },
          { name: "monitor", status: "running", detail: "", started_at: "2026-01-01T00:00:00Z", monitor_seconds: 35 },
        ]}
      />,
    );
    expect(screen.getByText("New version serving; watching its health for 28 s more")).toBeTruthy();
    act(() => vi.advanceTimersByTime(3000));
    expect(screen.getByText("New version serving; watching its health for 25 s more")).toBeTruthy();
  });
});
