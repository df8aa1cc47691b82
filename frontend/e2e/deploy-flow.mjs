// The whole product in a real browser, against a real API, worker and test host:
// log in → create a project → add a server (key, host-key fingerprint, setup) → create an
// app → deploy and watch the log stream → see it serving → deploy v2 → roll back to v1;
// then the dashboard, the Ctrl-K palette, both themes of every main page with an axe scan.
// Driven by tests/frontend/test_spa_e2e.py, which starts everything and passes the env.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { launch } from "./browser.mjs";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`missing ${name}`);
  return value;
};
const BASE = env("E2E_BASE_URL");
const OUT = env("E2E_OUTPUT_DIR");
const HOST_IP = env("E2E_HOST_IP");
const BASE_DOMAIN = env("E2E_BASE_DOMAIN");
const APP_HOST = `web.${BASE_DOMAIN}`;
const DEPLOY_TIMEOUT = 180_000;

mkdirSync(OUT, { recursive: true });
const started = Date.now();
const log = (message) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);

const browser = await launch({ hostRules: [`MAP ${APP_HOST} ${HOST_IP}`] });
const page = await browser.context.newPage();
const problems = [];
page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
// HTTP errors the screens handle (the 401 before login, a wrong password) are logged by
// the browser itself; anything else on the console is a bug.
page.on("console", (message) => {
  if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) problems.push(`console: ${message.text()}`);
});
const shot = async (name, target = page) => {
  await target.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
  log(`screenshot ${name}.png`);
};

async function expectServing(text) {
  const app = await browser.context.newPage();
  const deadline = Date.now() + 60_000;
  for (;;) {
    // A fresh query each time: busybox httpd sends Last-Modified, and Chromium's
    // heuristic cache would otherwise answer with the previous version's page.
    const response = await app.goto(`http://${APP_HOST}/?seen=${Date.now()}`).catch(() => null);
    const body = response ? (await app.textContent("body").catch(() => "")) ?? "" : "";
    if (body.includes(text)) break;
    if (Date.now() > deadline) throw new Error(`${APP_HOST} never served "${text}" (last: ${body.slice(0, 200)})`);
    await app.waitForTimeout(1000);
  }
  log(`${APP_HOST} serves "${text}"`);
  return app;
}

/** On the deployment page: the log streams in, steps progress, the badge ends healthy. */
async function watchDeployment(name) {
  await page.waitForURL(/\/deployments\//);
  await page.getByLabel("Deployment log").filter({ hasNotText: "No output yet." }).waitFor({ timeout: DEPLOY_TIMEOUT });
  const firstLines = await page.getByLabel("Deployment log").textContent();
  const via = await page.locator("h2 .small").first().textContent();
  log(`${name}: log streaming (${firstLines.split("\n").length} lines so far, ${via})`);
  await shot(`${name}-in-progress`);
  const badge = page.locator(".title-row .badge");
  // Not "released": a deployment we just made either serves (healthy) or it failed.
  await badge.filter({ hasText: /^(healthy|rolled back|failed|cancelled)$/ }).waitFor({ timeout: DEPLOY_TIMEOUT });
  const phase = (await badge.textContent())?.trim();
  const steps = await page.locator(".steps li").evaluateAll((items) => items.map((i) => `${i.dataset.status}`));
  log(`${name}: ${phase}; steps ${steps.join(", ")}`);
  await shot(`${name}-finished`);
  if (phase !== "healthy") throw new Error(`${name} ended ${phase}: ${await page.locator(".form-error").allTextContents()}`);
  if (steps.some((s) => s !== "done" && s !== "skipped")) throw new Error(`${name}: steps ${steps}`);
}

try {
  // 1. Log in (an unknown route first: the SPA sends us to the login and back).
  await page.goto(`${BASE}/orgs/none/projects`);
  await page.waitForURL(/\/login/);
  await shot("01-login");
  await page.getByLabel("Email").fill("wrong@example.test");
  await page.getByLabel("Password").fill("nope");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("alert").waitFor();
  log(`bad login says: ${await page.getByRole("alert").textContent()}`);
  await page.getByLabel("Email").fill(env("E2E_EMAIL"));
  await page.getByLabel("Password").fill(env("E2E_PASSWORD"));
  await page.getByRole("button", { name: "Sign in" }).click();
  // The home page is the organisation's dashboard; Projects is one click in the sidebar.
  await page.waitForURL(/\/orgs\/[0-9a-f-]{36}$/);
  const orgUrl = page.url();
  await page.getByText("Nothing deployed yet").waitFor();
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Projects" }).click();
  await page.getByText("No projects yet").waitFor();
  await shot("02-projects-empty");
  log("logged in");

  // 2. A project with its production environment.
  await page.getByLabel("Name").fill("shop");
  await page.getByLabel("Description").fill("The web shop");
  await page.getByRole("button", { name: "Create project" }).click();
  await page.getByRole("heading", { name: "shop" }).waitFor();
  const projectUrl = page.url();
  log("project created");

  // 3. A server: our own key for the test host, then the fingerprint check and setup.
  await page.getByRole("link", { name: "Servers" }).click();
  await page.getByText("No servers yet").waitFor();
  await page.getByLabel("Name").fill("tb-1");
  await page.getByLabel("Host").fill(HOST_IP);
  await page.getByLabel("Base domain").fill(BASE_DOMAIN);
  await page.getByText("Use my own private key").click();
  await page.getByLabel("Private key").fill(env("E2E_PRIVATE_KEY"));
  await page.getByRole("button", { name: "Add server" }).click();
  await page.getByRole("heading", { name: "tb-1" }).waitFor();
  const serverUrl = page.url();
  await page.getByRole("button", { name: "Copy public key" }).waitFor();
  await page.getByRole("button", { name: "Scan host key" }).click();
  const fingerprint = (await page.locator("code.fingerprint").textContent())?.trim();
  if (fingerprint !== env("E2E_HOST_FINGERPRINT")) throw new Error(`fingerprint shown ${fingerprint}, host has ${env("E2E_HOST_FINGERPRINT")}`);
  await shot("03-server-fingerprint");
  await page.getByRole("button", { name: /fingerprints match/ }).click();
  await page.getByText(/^Trusted host key/).waitFor();
  log(`host key ${fingerprint} trusted`);
  await page.getByRole("button", { name: "Set up server" }).click();
  await page.getByText("setup running").or(page.getByText("setup queued")).first().waitFor();
  await shot("04-server-setup-running");
  await page.getByText(/^setup (succeeded|failed)$/).waitFor({ timeout: DEPLOY_TIMEOUT });
  await shot("05-server-ready");
  if (!(await page.getByText("setup succeeded").isVisible())) throw new Error("server setup failed");
  await page.locator(".title-row .badge", { hasText: "ready" }).waitFor({ timeout: 30_000 });
  log("server set up");

  // 4. The application, in the project's production environment.
  await page.goto(projectUrl);
  await page.getByRole("link", { name: "production" }).click();
  await page.getByText("No applications in this environment").waitFor();
  const environmentUrl = page.url();
  await shot("06-environment-empty");
  await page.getByRole("link", { name: "New application" }).first().click();
  const form = page.getByRole("form", { name: "New application" });
  await form.getByLabel("Name").fill("web");
  await form.getByLabel("Server").selectOption({ label: `tb-1 (${HOST_IP})` });
  await form.getByLabel("Container image").fill(env("E2E_IMAGE_V1"));
  await form.getByLabel("Port").fill("8080");
  await form.getByLabel("Command").fill(
    ["/bin/busybox", "sh", "-c", "echo berth-log-marker; exec /bin/busybox httpd -f -v -p 8080 -h /www"].join("\n"),
  );
  await form.getByLabel("Interval (s)").fill("1");
  await form.getByLabel("Timeout (s)").fill("1");
  await form.getByLabel("Retries").fill("2");
  await form.getByLabel("Start period (s)").fill("1");
  await shot("07-application-form");
  await form.getByRole("button", { name: "Create application" }).click();
  await page.getByRole("heading", { name: "web" }).waitFor();
  await page.getByText("Never deployed", { exact: true }).waitFor();
  const appUrl = page.url();
  log("application created");

  // 5. Deploy v1 and watch it.
  await page.getByRole("button", { name: "Deploy", exact: true }).click();
  await watchDeployment("08-deploy-v1");
  const deploymentUrl = page.url();
  const served = await expectServing("hello v1");
  await shot("09-app-serving-v1", served);
  await served.close();

  // 6. Deploy v2 from the same screen, then roll back to v1 from the history.
  await page.goto(appUrl);
  await page.getByLabel("Image for this deployment").fill(env("E2E_IMAGE_V2"));
  await page.getByRole("button", { name: "Deploy", exact: true }).click();
  await watchDeployment("10-deploy-v2");
  (await expectServing("hello v2")).close();
  await page.goto(appUrl);
  // A virtualised list (only the rows in view are drawn), newest first.
  const history = page.getByRole("list", { name: "Deployments" });
  const rows = history.getByRole("listitem");
  await rows.nth(1).waitFor();
  await shot("11-history-before-rollback");
  await rows.last().getByRole("button", { name: "Roll back to this" }).click();
  await watchDeployment("12-rollback-to-v1");
  (await expectServing("hello v1")).close();
  await page.goto(appUrl);
  await rows.nth(2).waitFor();
  const triggers = await rows.locator(".history-trigger").allTextContents();
  // The trigger column reads in words since the history redesign ("Rollback", "Deploy").
  if (triggers[0] !== "Rollback") throw new Error(`history shows ${triggers}`);
  await shot("13-history-after-rollback");
  log("rolled back to v1");

  // 6b. The history's status filter asks the API: none failed, all three succeeded.
  const filters = page.locator(".filter-scroll");
  const status = page.getByRole("status").filter({ hasText: /deployments?$/ });
  await filters.getByText("Failed", { exact: true }).click();
  await page.getByText("No failed deployments").waitFor();
  if (await history.count()) throw new Error("the failed filter still lists deployments");
  log(`filter failed: ${await status.textContent()}`);
  await filters.getByText("Succeeded", { exact: true }).click();
  await status.filter({ hasText: "3 succeeded deployments" }).waitFor();
  if ((await rows.count()) !== 3) throw new Error(`succeeded filter lists ${await rows.count()} rows`);
  await shot("13b-history-filter-succeeded");
  await filters.getByText("All", { exact: true }).click();
  await status.filter({ hasText: /^3 deployments$/ }).waitFor();
  log("history filters ask the API and show what they say");

  // 7. Runtime logs follow the containers' output.
  await page.getByRole("link", { name: "Logs" }).click();
  await page.getByLabel("Runtime log", { exact: true }).filter({ hasText: "berth-log-marker" }).waitFor({ timeout: 30_000 });
  await shot("14-runtime-logs");

  // 7b. The application's variables: a masked value saved through the editor, then a
  // .env import whose bad line is named by number (nothing is imported), then a good one.
  await page.getByRole("link", { name: "Variables" }).click();
  const vars = page.getByRole("form", { name: "Variables", exact: true });
  await vars.getByText("No variables").waitFor();
  await vars.getByRole("button", { name: "Add variable" }).click();
  await vars.getByLabel("Variable name").fill("GREETING");
  await vars.getByLabel("Value of GREETING").fill("hello");
  await vars.getByRole("button", { name: "Save variables" }).click();
  await vars.getByRole("cell", { name: "GREETING" }).waitFor();
  await page.getByText("Import or export a .env file").first().click();
  const dotenv = page.getByRole("form", { name: "Import .env" }).first();
  await dotenv.getByLabel(".env content").fill("PORT_NAME=web\nthis is not a variable\n");
  await dotenv.getByRole("button", { name: "Import" }).click();
  await dotenv.getByRole("list", { name: "Lines with errors" }).getByRole("button", { name: "Line 2" }).waitFor();
  await shot("15-variables-import-error");
  await dotenv.getByLabel(".env content").fill("PORT_NAME=web\n# a comment\nexport LOG_LEVEL='debug'\n");
  await dotenv.getByRole("button", { name: "Import" }).click();
  await vars.getByRole("cell", { name: "LOG_LEVEL" }).waitFor();
  await page.getByRole("button", { name: "Show values as .env" }).first().click();
  const exported = await page.getByLabel("Exported .env").inputValue();
  if (!exported.includes('GREETING="hello"')) throw new Error(`export shows ${exported}`);
  await shot("16-variables-export");
  log("variables saved, imported and exported");

  // 7c. Settings: the webhook secret is shown once with a payload URL per provider.
  await page.getByRole("link", { name: "Settings" }).click();
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Create webhook secret" }).click();
  await page.getByRole("button", { name: "Copy GitHub URL" }).waitFor();
  await shot("17-webhook-secret");

  // 7d. Registries: credentials are added; the password comes back only as a hint.
  await page.goto(`${orgUrl}/registries`);
  await page.getByText("No registries").waitFor();
  const registry = page.getByRole("form", { name: "Add a registry" });
  await registry.getByLabel("Name", { exact: true }).fill("ghcr");
  await registry.getByLabel("Address").fill("ghcr.io/acme");
  await registry.getByLabel("Username").fill("ci-bot");
  await registry.getByLabel("Password or token", { exact: true }).fill("not-a-real-token-1234");
  await registry.getByRole("button", { name: "Add registry" }).click();
  await page.getByRole("list", { name: "Registries" }).getByText("ghcr.io/acme").waitFor();
  if (await page.getByText("not-a-real-token-1234").count()) throw new Error("the registry password is shown");
  await shot("18-registries");
  log("registry added");

  // 8. A token is shown once; the audit log recorded all of the above.
  await page.goto(`${orgUrl}/tokens`);
  await page.getByLabel("Name").fill("ci");
  await page.getByRole("button", { name: "Create token" }).click();
  await page.getByText("it is shown only once").waitFor();
  const token = await page.locator("code.secret").textContent();
  if (!token?.startsWith("berth_")) throw new Error(`token shown: ${token}`);
  await shot("19-token-shown-once");
  await page.goto(`${orgUrl}/audit`);
  // A virtualised list now (only the rows in view are drawn): the newest event, the token, is first.
  const auditList = page.getByRole("list", { name: "Audit events" });
  await auditList.getByRole("listitem").first().filter({ hasText: "token.create" }).waitFor();
  await shot("20-audit-log");
  await page.goto(`${orgUrl}/members`);
  await page.getByRole("table", { name: "Members" }).waitFor();
  await shot("21-members");

  // 8b. The dashboard shows the app healthy on its server; the palette finds it by name.
  await page.goto(orgUrl);
  const dashRow = page.getByRole("table", { name: "Applications" }).locator('tr[data-app="web"]');
  await dashRow.locator('.badge[data-status="healthy"]').waitFor({ timeout: 30_000 });
  if (!(await dashRow.textContent())?.includes("tb-1")) throw new Error(`dashboard row: ${await dashRow.textContent()}`);
  await shot("23-dashboard");
  log("dashboard shows web healthy");
  await page.keyboard.press("Control+K");
  await page.getByRole("textbox", { name: "Search" }).fill("web");
  const hit = page.locator(".mantine-Spotlight-action", { hasText: "shop / production" }).first();
  await hit.waitFor();
  await shot("24-command-palette");
  await hit.click();
  await page.waitForURL(appUrl);
  log("command palette jumped to web");

  // 8c. Both themes of every main page: the OS preference is followed ("auto"), the
  // switch flips it, and axe finds no serious or critical violation in either.
  const tour = [
    ["dashboard", orgUrl],
    ["projects", `${orgUrl}/projects`],
    ["project", projectUrl],
    ["environment", environmentUrl],
    ["application", appUrl],
    ["deployment", deploymentUrl],
    ["servers", `${orgUrl}/servers`],
    ["server", serverUrl],
    ["registries", `${orgUrl}/registries`],
    ["tokens", `${orgUrl}/tokens`],
    ["members", `${orgUrl}/members`],
    ["audit", `${orgUrl}/audit`],
    ["organisation", `${orgUrl}/settings`],
  ];
  const violations = [];
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [name, url] of tour) {
      await page.goto(url);
      await page.locator("h1").first().waitFor();
      await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), null, { timeout: 15_000 }).catch(() => {});
      const applied = await page.evaluate(() => document.documentElement.dataset.mantineColorScheme);
      if (applied !== scheme) throw new Error(`${name}: OS asks for ${scheme}, page shows ${applied}`);
      await shot(`30-${scheme}-${name}`);
      const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      for (const v of result.violations.filter((v) => v.impact === "serious" || v.impact === "critical")) {
        violations.push(`${scheme} ${name}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
      }
    }
  }
  log(`axe: ${violations.length} serious/critical violations over ${tour.length * 2} page views`);
  if (violations.length) console.log(violations.join("\n"));
  // The switch overrides the OS and is remembered.
  await page.goto(orgUrl);
  await page.getByRole("button", { name: "Switch to light theme" }).click();
  await page.waitForFunction(() => document.documentElement.dataset.mantineColorScheme === "light");
  await page.reload();
  await page.locator("h1").first().waitFor();
  if ((await page.evaluate(() => document.documentElement.dataset.mantineColorScheme)) !== "light") throw new Error("theme switch not remembered");
  await page.getByRole("button", { name: "Switch to dark theme" }).click();
  await page.waitForFunction(() => document.documentElement.dataset.mantineColorScheme === "dark");
  log("theme switch works");
  if (violations.length) throw new Error(`axe found ${violations.length} serious/critical violations:\n${violations.join("\n")}`);

  // 9. Phone width (390 px): the sidebar folds behind a button and no main page scrolls
  // sideways; each is shot in both themes.
  await page.setViewportSize({ width: 390, height: 844 });
  const phone = [
    ["dashboard", orgUrl],
    ["application", appUrl],
    ["deployment", deploymentUrl],
    ["environment", environmentUrl],
    ["server", serverUrl],
    ["audit", `${orgUrl}/audit`],
  ];
  const wide = [];
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(orgUrl);
    await page.locator("h1").first().waitFor();
    // The switch above pinned dark; follow the OS again so each pass shows its scheme.
    await page.evaluate(() => localStorage.removeItem("mantine-color-scheme-value"));
    for (const [name, url] of phone) {
      await page.goto(url);
      await page.locator("h1").first().waitFor();
      await page.getByRole("button", { name: "Open navigation" }).waitFor();
      await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), null, { timeout: 15_000 }).catch(() => {});
      if (name === "application") await page.getByRole("button", { name: "Deploy", exact: true }).waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      await shot(`22-phone-${scheme}-${name}`);
      if (overflow > 1) wide.push(`${scheme} ${name}: ${overflow}px wider than the screen`);
    }
  }
  // The sidebar opens from its button and leads on.
  await page.getByRole("button", { name: "Open navigation" }).click();
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Servers" }).click();
  await page.getByRole("heading", { name: "Servers", level: 1 }).waitFor();
  if (wide.length) throw new Error(`at 390 px:\n${wide.join("\n")}`);
  log(`phone width: ${phone.length * 2} page views fit`);

  if (problems.length) throw new Error(`browser reported:\n${problems.join("\n")}`);
  log("all steps passed");
} catch (error) {
  await shot("failure").catch(() => {});
  console.error(error);
  if (problems.length) console.error(problems.join("\n"));
  process.exitCode = 1;
} finally {
  await browser.close();
}
