// Initial JS budget: what the browser must download before the first screen renders —
// the entry scripts and modulepreloads named in dist/index.html — gzipped, as served.
// Lazy chunks don't count toward it. Exits non-zero over budget so CI catches growth.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET_BYTES = 250 * 1024;
const dist = new URL("../dist/", import.meta.url).pathname;
const html = readFileSync(join(dist, "index.html"), "utf8");
const initial = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]);

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;
const size = (file) => {
  const raw = readFileSync(join(dist, file));
  return { raw: raw.length, gzip: gzipSync(raw, { level: 9 }).length };
};

let initialJs = 0;
console.log("initial (loaded by index.html):");
for (const file of initial) {
  const { raw, gzip } = size(file);
  if (file.endsWith(".js")) initialJs += gzip;
  console.log(`  ${file.padEnd(36)} ${kb(raw).padStart(10)} raw ${kb(gzip).padStart(10)} gzip`);
}
const lazy = readdirSync(join(dist, "assets")).map((f) => `assets/${f}`).filter((f) => f.endsWith(".js") && !initial.includes(f));
if (lazy.length) {
  console.log("lazy chunks:");
  for (const file of lazy) {
    const { raw, gzip } = size(file);
    console.log(`  ${file.padEnd(36)} ${kb(raw).padStart(10)} raw ${kb(gzip).padStart(10)} gzip`);
  }
}
console.log(`initial JS gzipped: ${kb(initialJs)} of a ${kb(BUDGET_BYTES)} budget`);
if (initialJs > BUDGET_BYTES) {
  console.error("over budget: split a route with React.lazy or drop a dependency");
  process.exit(1);
}
