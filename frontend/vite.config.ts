import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// The API serves the build at `/`; in `npm run dev` Vite proxies the API to a running
// `make run` so the session cookie stays same-origin.
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      "/api": "http://127.0.0.1:8000",
      "/healthz": "http://127.0.0.1:8000",
    },
  },
  build: { sourcemap: false, chunkSizeWarningLimit: 400 },
  test: {
    environment: "happy-dom",
    environmentOptions: { happyDOM: { url: "http://berth.test/" } },
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test/setup.ts"],
  },
});
