import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { errorFor, formError } from "../../api/problem";
import { useFocusFirstInvalid } from "../../hooks/useFocusFirstInvalid";
import { usePageTitle } from "../../hooks/usePageTitle";
import { Field, FormError } from "../../ui/Field";

export function LoginPage() {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  usePageTitle("Sign in");
  const login = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/auth/login", { body: { email, password } })),
    onSuccess: async () => {
      // Another user may have used this tab: start from an empty cache.
      queryClient.clear();
      const next = params.get("next");
      // Only same-site paths: `next=//evil.example` must not become an open redirect.
      navigate(next && next.startsWith("/") && !next.startsWith("//") ? next : "/", { replace: true });
    },
  });
  useFocusFirstInvalid(formRef, login.error);
  return (
    <main className="login">
      <form
        ref={formRef}
        className="card"
        onSubmit={(event) => {
          event.preventDefault();
          login.mutate();
        }}
      >
        <h1>Berth</h1>
        <p className="muted">Sign in to your control plane.</p>
        <Field label="Email" error={errorFor(login.error, "email")}>
          {(props) => (
            <input {...props} type="email" autoComplete="username" required autoFocus value={email} onChange={(e) => setEmail(e.target.value)} />
          )}
        </Field>
        <Field label="Password" error={errorFor(login.error, "password")}>
          {(props) => (
            <input {...props} type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          )}
        </Field>
        <FormError message={formError(login.error, ["email", "password"])} />
        <button type="submit" disabled={login.isPending}>
          {login.isPending ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
