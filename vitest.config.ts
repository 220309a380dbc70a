import { defineConfig } from "vitest/config";

// Separate from vite.config.ts so that tests run without the Remix plugin.
export default defineConfig({
  resolve: { alias: { "~": new URL("./app", import.meta.url).pathname } },
  test: {
    include: ["test/unit/**/*.test.ts", "test/integration/**/*.test.ts", "test/http/**/*.test.ts"],
    pool: "forks",
  },
});
