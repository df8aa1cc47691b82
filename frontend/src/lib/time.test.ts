import { describe, expect, it } from "vitest";
import { durationText, elapsedText, relativeTime } from "./time";

const now = new Date("2026-01-10T12:00:00Z");

describe("relativeTime", () => {
  it("uses the largest unit that fits", () => {
    expect(relativeTime("2026-01-10T11:59:58Z", now)).toBe("just now");
    expect(relativeTime("2026-01-10T11:59:30Z", now)).toBe("30 seconds ago");
    expect(relativeTime("2026-01-10T11:57:00Z", now)).toBe("3 minutes ago");
    expect(relativeTime("2026-01-09T12:00:00Z", now)).toBe("yesterday");
    expect(relativeTime("2026-01-12T12:00:00Z", now)).toBe("in 2 days");
  });

  it("formats step durations", () => {
    expect(durationText(850)).toBe("850 ms");
    expect(durationText(4200)).toBe("4.2 s");
    expect(durationText(125_000)).toBe("2 min 5 s");
  });
});

describe("elapsedText", () => {
  it("counts whole seconds, then minutes and seconds, then hours", () => {
    expect(elapsedText(-40)).toBe("0 s");
    expect(elapsedText(7_900)).toBe("7 s");
    expect(elapsedText(125_000)).toBe("2 min 05 s");
    expect(elapsedText(3_725_000)).toBe("1 h 02 min");
  });
});
