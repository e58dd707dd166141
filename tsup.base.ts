import type { Options } from "tsup";

/**
 * Shared build for every tool: ESM for Node 20, one chunk per lazy-loaded command
 * (splitting keeps the startup import graph small), and the private source-only
 * packages (kit, skill-md) inlined so each tool installs on its own.
 */
export const base: Options = {
  entry: ["src/cli.ts", "src/index.ts"],
  format: ["esm"],
  platform: "node",
  target: "node20",
  splitting: true,
  treeshake: false,
  clean: true,
  sourcemap: false,
  dts: false,
  minify: false,
  // Everything pure-JS is bundled: one file to load beats resolving packages through pnpm's
  // symlinked store at every start (startup is a feature). Native better-sqlite3 stays external.
  noExternal: [/^(?!better-sqlite3$)/],
  // Bundled CommonJS (yaml's node build, semver, picocolors) calls require(); ESM output has none,
  // so every chunk gets a real one. Without it: 'Dynamic require of "process" is not supported'.
  banner: { js: 'import { createRequire as __wcCreateRequire } from "node:module"; const require = __wcCreateRequire(import.meta.url);' },
};
