import { useQuery } from "@tanstack/react-query";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import { keys } from "../../api/keys";
import { answer, json, renderAt } from "../../test/render";
import { DeployKeyPanel } from "./DeployKeyPanel";

const app = {
  id: "a1",
  source: { type: "git", repository: "git@example.test:acme/web.git", ref: "main", commit: null, path: "." },
  deploy_key: null,
} as unknown as Schemas["ApplicationRead"];

const generated = { fingerprint: "SHA256:abc", public_key: "ssh-ed25519 AAAAC3Nza berth-deploy-key" };
const PRIVATE = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----";

/** The application as the page holds it: the panel's answer updates this cache entry. */
function Harness() {
  const query = useQuery({ queryKey: keys.app("a1").all, queryFn: () => app, initialData: app, staleTime: Infinity });
  return <DeployKeyPanel app={query.data} />;
}

describe("DeployKeyPanel", () => {
  it("generates a key and shows only its public half, with a copy button", async () => {
    const seen = answer(() => json(generated));
    renderAt(<Harness />);
    await userEvent.click(screen.getByRole("button", { name: "Generate a key" }));
    const put = seen[0]!;
    expect(put.method).toBe("PUT");
    expect(await put.json()).toEqual({});
    expect((await screen.findByLabelText("Public key")).textContent).toBe(generated.public_key);
    expect(screen.getByRole("button", { name: "Copy public key" })).toBeTruthy();
  });

  it("uploads a private key and never renders it back", async () => {
    const seen = answer(() => json(generated));
    renderAt(<Harness />);
    await userEvent.click(screen.getByRole("button", { name: "Upload a private key" }));
    const form = screen.getByRole("form", { name: "Upload a private key" });
    await userEvent.type(within(form).getByLabelText(/Private key/), PRIVATE);
    await userEvent.click(within(form).getByRole("button", { name: "Save private key" }));
    expect(await seen[0]!.json()).toEqual({ private_key: PRIVATE });
    await screen.findByRole("button", { name: "Upload a private key" });
    expect(screen.queryByRole("form", { name: "Upload a private key" })).toBeNull();
    expect(document.body.textContent).not.toContain("b3BlbnNzaC1rZXktdjEAAAAA");
  });
});
