import { useQuery } from "@tanstack/react-query";
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import { keys } from "../../api/keys";
import { answer, json, renderAt } from "../../test/render";
import { HostKeyPanel } from "./HostKeyPanel";

const server: Schemas["ServerRead"] = {
  id: "s1",
  organization_id: "o1",
  name: "web-1",
  kind: "ssh",
  host: "203.0.113.10",
  port: 22,
  username: "root",
  public_key: "ssh-ed25519 AAAA berth",
  host_key_status: "unknown",
  host_key_fingerprint: null,
  pending_host_key_fingerprint: null,
  advertise_addr: null,
  base_domain: null,
  proxy_image: null,
  acme_directory_url: null,
  acme_ca_bundle: null,
  status: "unknown",
  status_reason: null,
  last_checked_at: null,
  facts: {},
  is_set_up: false,
  created_at: "2026-01-01T00:00:00Z",
  updated_at: null,
};

/** As on ServerPage: the panel renders the cached server its mutations write back. */
function FromCache() {
  const query = useQuery({ queryKey: keys.server("s1").all, queryFn: () => server, initialData: server, staleTime: Infinity });
  return <HostKeyPanel server={query.data} />;
}

describe("HostKeyPanel", () => {
  it("trusts exactly the fingerprint the scan showed, only after the person confirms", async () => {
    const scanned = { ...server, host_key_status: "pending" as const, pending_host_key_fingerprint: "SHA256:abc" };
    const seen = answer((request) => (request.url.endsWith("/scan") ? json(scanned) : json({ ...scanned, host_key_status: "trusted" })));
    renderAt(<FromCache />);
    await userEvent.click(screen.getByRole("button", { name: "Scan host key" }));
    expect(await screen.findByText("SHA256:abc")).toBeTruthy();
    expect(seen).toHaveLength(1);
    expect(screen.getByText(/ssh-keygen -lf/)).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: /fingerprints match/ }));
    const confirm = seen[1]!;
    expect(new URL(confirm.url).pathname).toBe("/api/v1/servers/s1/host-key/confirm");
    expect(await confirm.json()).toEqual({ fingerprint: "SHA256:abc" });
  });

  it("warns loudly when the server's key changed", () => {
    answer(() => json({}));
    renderAt(<HostKeyPanel server={{ ...server, host_key_status: "changed", host_key_fingerprint: "SHA256:old" }} />);
    expect(screen.getByRole("alert").textContent).toMatch(/different host key.*SHA256:old/);
  });
});
