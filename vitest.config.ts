import { defineConfig } from "vitest/config";

// `pnpm vitest` at the root runs every package's tests as one project each;
// `turbo run test` runs them per package after their builds.
export default defineConfig({
  test: {
    projects: ["packages/*", "test"],
  },
});
