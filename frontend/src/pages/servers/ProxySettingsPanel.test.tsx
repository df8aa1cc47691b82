import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import { answer, json, renderAt } from "../../test/render";
import { ProxySettingsPanel } from "./ProxySettingsPanel";

const server: Schemas["ServerRead"] = {
  id: "s1",
  organization_id: "o1",
  name: "web-1",
  kind: "ssh",
  host: "203.0.113.10",
  port: 22,
  username: "root",
  public_key: "ssh-ed25519 AAAA berth",
  host_key_status: "trusted",
  host_key_fingerprint: "SHA256:abc",
  pending_host_key_fingerprint: null,
  advertise_addr: null,
  base_domain: null,
  proxy_image: null,
  acme_directory_url: "https://acme.example.test/directory",
  acme_ca_bundle: null,
  status: "reachable",
  status_reason: null,
  last_checked_at: null,
  facts: {},
  is_set_up: true,
  created_at: "2026-01-01T00:00:00Z",
  updated_at: null,
};

describe("ProxySettingsPanel", () => {
  it("sends the image, and an emptied field as null (back to the default)", async () => {
    const seen = answer(() => json({ ...server, proxy_image: "registry.example.test/traefik:v3.7.15", acme_directory_url: null }));
    renderAt(<ProxySettingsPanel server={server} />);
    await userEvent.type(screen.getByLabelText("Traefik image"), "registry.example.test/traefik:v3.7.15");
    await userEvent.clear(screen.getByLabelText("ACME directory"));
    await userEvent.click(screen.getByRole("button", { name: "Save proxy settings" }));
    expect(await screen.findByRole("status")).toHaveProperty("textContent", "Saved. Run the setup again to apply them to the server.");
    const request = seen[0]!;
    expect(request.method).toBe("PATCH");
    expect(new URL(request.url).pathname).toBe("/api/v1/servers/s1");
    expect(await request.json()).toEqual({
      proxy_image: "registry.example.test/traefik:v3.7.15",
      acme_directory_url: null,
      acme_ca_bundle: null,
    });
  });

  it("shows the API's message under the field it concerns", async () => {
    answer(() =>
      json(
        {
          type: "about:blank",
          title: "Invalid request",
          status: 422,
          detail: "1 invalid field",
          errors: [{ loc: ["body", "proxy_image"], msg: "must be an image reference", type: "value_error" }],
        },
        422,
      ),
    );
    renderAt(<ProxySettingsPanel server={server} />);
    await userEvent.type(screen.getByLabelText("Traefik image"), "Not An Image");
    await userEvent.click(screen.getByRole("button", { name: "Save proxy settings" }));
    expect((await screen.findByRole("alert")).textContent).toBe("must be an image reference");
  });
});
