// Debian's chromium driven by playwright-core: never a downloaded browser, a fresh
// profile per run, and nothing that phones home (updates, sync, QUIC probes).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.BERTH_CHROMIUM ?? "/usr/bin/chromium";

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A browser context; `hostRules` maps app host names to a test host, like DNS would. */
export async function launch({ hostRules = [] } = {}) {
  const profile = mkdtempSync(join(tmpdir(), "berth-chromium-"));
  const args = [...FLAGS];
  if (hostRules.length) args.push(`--host-resolver-rules=${hostRules.join(",")}`);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args,
    viewport: { width: 1280, height: 900 },
    // launchPersistentContext is how Playwright accepts a --user-data-dir of our own.
  });
  context.setDefaultTimeout(20_000);
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
