import { ProblemError } from "../../api/problem";

export type LineError = { line: number | null; message: string };

/**
 * A rejected `.env` import's errors, one per bad line. The API sends each as a 422 error
 * on `content` with a `line` extension and a "line N: why" message; the number is read
 * from the extension, else from the message, so the list can point at the line.
 */
export function dotenvLineErrors(error: unknown): LineError[] {
  if (!(error instanceof ProblemError)) return [];
  return error.errors
    .filter((e) => e.loc[e.loc.length - 1] === "content")
    .map((e) => {
      const extension = (e as { line?: unknown }).line;
      const parsed = /^line (\d+):\s*(.*)$/s.exec(e.msg);
      const line = typeof extension === "number" ? extension : parsed ? Number(parsed[1]) : null;
      return { line, message: parsed ? parsed[2]! : e.msg };
    });
}

/** Character offsets of a 1-based line, to select it in the textarea. */
export function lineRange(text: string, line: number): [number, number] {
  const lines = text.split("\n");
  const index = Math.min(Math.max(line, 1), lines.length) - 1;
  const start = lines.slice(0, index).reduce((sum, l) => sum + l.length + 1, 0);
  return [start, start + (lines[index]?.length ?? 0)];
}
