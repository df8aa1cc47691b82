import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { answer, json, renderAt } from "../../test/render";
import { LoginPage } from "./LoginPage";

describe("LoginPage", () => {
  it("shows a failed login as a form message and stays on the page", async () => {
    answer(() => json({ type: "https://berth.dev/problems/invalid-credentials", title: "Invalid credentials", status: 401, detail: "wrong email or password" }, 401));
    renderAt(<LoginPage />, { path: "/login", route: "/login" });
    await userEvent.type(screen.getByLabelText("Email"), "a@b.test");
    await userEvent.type(screen.getByLabelText("Password"), "nope{Enter}");
    expect(await screen.findByRole("alert")).toHaveProperty("textContent", "wrong email or password");
  });

  it("puts a 422 message next to the field it concerns", async () => {
    answer(() =>
      json(
        {
          type: "https://berth.dev/problems/validation-error",
          title: "Validation error",
          status: 422,
          detail: "invalid body",
          errors: [{ loc: ["body", "email"], msg: "value is not a valid email address", type: "value_error" }],
        },
        422,
      ),
    );
    renderAt(<LoginPage />, { path: "/login", route: "/login" });
    await userEvent.type(screen.getByLabelText("Email"), "x@y");
    await userEvent.type(screen.getByLabelText("Password"), "pw{Enter}");
    const email = screen.getByLabelText("Email");
    await screen.findByText("value is not a valid email address");
    expect(email.getAttribute("aria-invalid")).toBe("true");
    const describedBy = email.getAttribute("aria-describedby");
    expect(document.getElementById(describedBy!)?.textContent).toBe("value is not a valid email address");
  });

  it("goes to the requested page after signing in, but never off-site", async () => {
    answer(() => json({ user: {}, csrf_token: "t", expires_at: "2030-01-01T00:00:00Z" }));
    renderAt(<LoginPage />, { path: "/login", route: "/login?next=//evil.example" });
    await userEvent.type(screen.getByLabelText("Email"), "a@b.test");
    await userEvent.type(screen.getByLabelText("Password"), "pw{Enter}");
    // "/" is not the login route: the catch-all renders, i.e. we left for a same-site path.
    expect(await screen.findByText("navigated away")).toBeTruthy();
  });
});
