import { defineConfig } from "vitest/config";

/**
 * The settings every package's vitest.config.ts spreads. Tests spawn real processes and
 * servers on a shared 2-core machine, so timeouts are generous and files run in forks.
 * Each run leaves `.vitest-results.json` for scripts/test-summary.mjs.
 */
export const shared = defineConfig({
  test: {
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ["default", "json"],
    outputFile: { json: ".vitest-results.json" },
    include: ["test/**/*.test.ts"],
    passWithNoTests: true,
  },
});
