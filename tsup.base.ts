import { createRequire } from "node:module";
import { join } from "node:path";
import type { Options } from "tsup";

type EsbuildPlugin = NonNullable<Options["esbuildPlugins"]>[number];

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

/**
 * skill-md loads `yaml` with a synchronous require() only for a frontmatter outside its YAML
 * subset. Bundled inline, yaml's 260 KB are parsed at every start of the tool (≈ 26M
 * instructions, ≈ 6 ms) though most runs never call it; left to Node's resolver it is 72 CommonJS
 * files (≈ 30 ms) when one does. This sends that require() to one file beside the chunks,
 * `yaml.cjs`, bundled at the end of the build: nothing to parse until a frontmatter needs it, one
 * file to load when one does. (A tool's own `import("yaml")` is untouched: splitting already
 * makes that a chunk of its own.)
 */
export const yamlRequireAsOneFile: EsbuildPlugin = {
  name: "yaml-require-as-one-file",
  setup(build) {
    build.onResolve({ filter: /^yaml$/ }, (args) => (args.kind === "require-call" ? { path: "./yaml.cjs", external: true } : undefined));
    build.onEnd(async (result) => {
      if (result.errors.length > 0 || !build.initialOptions.outdir) return;
      await build.esbuild.build({
        entryPoints: [createRequire(join(process.cwd(), "package.json")).resolve("yaml")],
        outfile: join(build.initialOptions.outdir, "yaml.cjs"),
        bundle: true,
        platform: "node",
        format: "cjs",
        target: "node20",
        logLevel: "warning",
      });
    });
  },
};
