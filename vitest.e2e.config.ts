import { defineConfig } from "vitest/config";

// Browser (end-to-end) tests: each file starts the built server and one Chromium, so files run one at a time.
export default defineConfig({
  resolve: { alias: { "~": new URL("./app", import.meta.url).pathname } },
  test: {
    include: ["test/e2e/**/*.test.ts"],
    pool: "forks",
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
