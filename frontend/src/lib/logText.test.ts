import { describe, expect, it } from "vitest";
import { terminalLine } from "./logText";

describe("terminalLine", () => {
  it("drops colour codes and keeps the last state of a carriage-return progress line", () => {
    expect(terminalLine("\u001b[32m#5 DONE 0.4s\u001b[0m")).toBe("#5 DONE 0.4s");
    expect(terminalLine("10%\r50%\r100% done\r")).toBe("100% done");
    expect(terminalLine("plain")).toBe("plain");
  });
});
