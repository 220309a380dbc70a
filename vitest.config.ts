import { defineConfig } from "vitest/config";

// Separate from vite.config.ts so that tests run without the Remix plugin.
export default defineConfig({
  resolve: { alias: { "~": new URL("./app", import.meta.url).pathname } },
  test: {
    include: [
      "test/unit/**/*.test.ts",
      "test/integration/**/*.test.ts",
      "test/http/**/*.test.ts",
      // Several servers on one database: PostgreSQL only (SQLite is one server process per file).
      ...(process.env.TEST_DATABASE_URL ? ["test/postgres/**/*.test.ts"] : []),
    ],
    pool: "forks",
    // Server starts and argon2 sign-ins in beforeAll take seconds on a loaded 2-core machine (load average
    // above 15 while seven people test): time out on a hung start, not on a slow one.
    hookTimeout: 90_000,
    testTimeout: 30_000,
  },
});
