import { fireEvent, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { applicationVariables } from "../../lib/variableStores";
import { answer, json, renderAt } from "../../test/render";
import { DotenvPanel } from "./DotenvPanel";

const CONTENT = "GOOD=1\nnot a line\nALSO_GOOD=2\n9BAD=x";

function rejected() {
  return json(
    {
      type: "https://berth.dev/problems/validation-error",
      title: "Request validation failed",
      status: 422,
      detail: ".env content: line 2: expected KEY=value; line 4: invalid key",
      errors: [
        { loc: ["body", "content"], msg: "line 2: expected KEY=value", type: "dotenv_syntax", line: 2 },
        { loc: ["body", "content"], msg: "line 4: invalid key", type: "dotenv_syntax", line: 4 },
      ],
    },
    422,
  );
}

describe("DotenvPanel", () => {
  it("lists each rejected line by number under the text and selects the line on click", async () => {
    const seen = answer(rejected);
    renderAt(<DotenvPanel store={applicationVariables("a1")} isAdmin={false} />);
    const text = screen.getByLabelText(".env content") as HTMLTextAreaElement;
    fireEvent.change(text, { target: { value: CONTENT } });
    await userEvent.click(screen.getByRole("checkbox"));
    await userEvent.click(screen.getByRole("button", { name: "Import" }));

    const list = await screen.findByRole("list", { name: "Lines with errors" });
    const items = within(list).getAllByRole("listitem").map((li) => li.textContent);
    expect(items).toEqual(["Line 2: expected KEY=value", "Line 4: invalid key"]);
    expect(text.getAttribute("aria-invalid")).toBe("true");
    // The messages sit with the text, not in a second banner repeating the detail.
    expect(screen.queryByText(/\.env content: line 2/)).toBeNull();

    await userEvent.click(within(list).getByRole("button", { name: "Line 4" }));
    expect(CONTENT.slice(text.selectionStart, text.selectionEnd)).toBe("9BAD=x");

    const post = seen.find((r) => r.method === "POST")!;
    expect(new URL(post.url).pathname).toBe("/api/v1/applications/a1/variables/import");
    expect(await post.json()).toEqual({ content: CONTENT, replace: true });
  });

  it("offers the clear-text export only to admins, behind a warning", async () => {
    answer(() => json({ content: 'API_KEY="s3cret"\n' }));
    const { unmount } = renderAt(<DotenvPanel store={applicationVariables("a1")} isAdmin={false} />);
    expect(screen.queryByRole("button", { name: "Show values as .env" })).toBeNull();
    unmount();

    renderAt(<DotenvPanel store={applicationVariables("a1")} isAdmin />);
    await userEvent.click(screen.getByRole("button", { name: "Show values as .env" }));
    const exported = (await screen.findByLabelText("Exported .env")) as HTMLTextAreaElement;
    expect(exported.value).toBe('API_KEY="s3cret"\n');
    expect(exported.readOnly).toBe(true);
    expect(screen.getByText(/real values, in clear/)).toBeTruthy();
  });
});
