// The dashboard's cold loads in headless Chromium (Debian's, as the browser test uses),
// timed inside the page from navigation start; then the same API requests the dashboard
// makes, fetched with nothing rendered. Driven by bench/dashboard.py, which seeds the API;
// the last line printed is the figures as JSON.
import { launch } from "../frontend/e2e/browser.mjs";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`missing ${name}`);
  return value;
};
const BASE = env("BENCH_BASE_URL");
const ORG = env("BENCH_ORG_ID");
const APPS = Number(env("BENCH_APPS"));
const ROUNDS = Number(env("BENCH_ROUNDS"));

const browser = await launch();
try {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(60_000);
  await page.goto(`${BASE}/login`);
  await page.getByLabel("Email").fill(env("BENCH_EMAIL"));
  await page.getByLabel("Password").fill(env("BENCH_PASSWORD"));
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/orgs\/[0-9a-f-]{36}$/);
  // One warm-up load: the figures are a returning user's (assets cached, no query cache).
  await page.goto(`${BASE}/orgs/${ORG}`);
  await page.locator(".last-deployment").nth(APPS - 1).waitFor();
  console.error("warm-up load done");

  const result = { first_row: [], all_rows: [], complete: [], raw_fetch: [], raw_retries: 0, requests: 0, dom_nodes: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    let requests = 0;
    const count = (request) => {
      if (new URL(request.url()).pathname.startsWith("/api/")) requests++;
    };
    page.on("request", count);
    await page.goto(`${BASE}/orgs/${ORG}`, { waitUntil: "commit" });
    // Each condition is checked every animation frame and reports performance.now() of
    // the frame that met it: milliseconds since this navigation started.
    const at = async (predicate) => (await page.waitForFunction(predicate, APPS, { polling: "raf" })).jsonValue();
    result.first_row.push(await at(() => document.querySelector('table[aria-label="Applications"] tbody tr[data-app]') && performance.now()));
    result.all_rows.push(
      await at((n) => document.querySelectorAll('table[aria-label="Applications"] tr[data-app] .badge[data-status]').length >= n && performance.now()),
    );
    result.complete.push(await at((n) => document.querySelectorAll("tr[data-app] .last-deployment").length >= n && performance.now()));
    page.off("request", count);
    result.requests = requests;
    result.dom_nodes = await page.evaluate(() => document.getElementsByTagName("*").length);

    // The raw operation: the same requests in the same dependency order, from the same
    // page and connection pool, decoded and nothing else.
    const raw = await page.evaluate(async (org) => {
        let retries = 0;
        const get = async (path) => {
          // One retry on a dropped connection, as the dashboard's own queries retry: the
          // API closes a connection that sent no request within its header deadline, and
          // Chromium may hand out such a pre-opened socket.
          const once = () => fetch(`/api/v1${path}`, { credentials: "same-origin" });
          const response = await once().catch(() => {
            retries++;
            return once();
          });
          if (!response.ok) throw new Error(`${path}: ${response.status}`);
          return response.json();
        };
        const t0 = performance.now();
        const [projects, servers] = await Promise.all([get(`/organizations/${org}/projects?limit=100`), get(`/organizations/${org}/servers?limit=100`)]);
        const setups = Promise.all(servers.items.map((s) => get(`/servers/${s.id}/setups?limit=1`)));
        const envs = await Promise.all(projects.items.map((p) => get(`/projects/${p.id}/environments?limit=100`)));
        const apps = await Promise.all(envs.flatMap((e) => e.items).map((e) => get(`/environments/${e.id}/applications?limit=100`)));
        await Promise.all(apps.flatMap((a) => a.items).map((a) => get(`/applications/${a.id}/deployments?limit=5&sorting=-created_at`)));
        await setups;
        return { ms: performance.now() - t0, retries };
      }, ORG);
    result.raw_fetch.push(raw.ms);
    result.raw_retries += raw.retries;
    console.error(`round ${round + 1}: first row ${result.first_row.at(-1)} ms, complete ${result.complete.at(-1)} ms, raw ${raw.ms} ms (${raw.retries} retried), ${requests} requests`);
  }
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
}
