// Build output is written for a terminal: colour codes and carriage-return progress bars
// (BuildKit, npm, pip). In a <pre> they show as "[0m" noise and a hundred copies of one
// progress line, so each line keeps only what a terminal would finally show.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007]*\u0007/g;

export function terminalLine(raw: string): string {
  const text = raw.replace(ANSI, "");
  const parts = text.split("\r").filter((part) => part !== "");
  return parts.length ? parts[parts.length - 1]! : "";
}
