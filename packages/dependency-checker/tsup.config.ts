import { join } from "node:path";
import { defineConfig, type Options } from "tsup";
import { base, yamlRequireAsOneFile } from "../../tsup.base.ts";

/**
 * skill-md's modules have no side effects worth keeping, so esbuild may drop the ones this tool
 * never calls: without this, its index's `export *` pulls in fingerprint.ts, whose top-level
 * `import ... from "node:crypto"` costs every run ~4 ms of startup to load a module it never uses.
 */
const skillMdWithoutSideEffects: NonNullable<Options["esbuildPlugins"]>[number] = {
  name: "skill-md-without-side-effects",
  setup(build) {
    build.onResolve({ filter: /^\.\/[\w-]+\.ts$/ }, (args) =>
      /[\\/]skill-md[\\/]src[\\/]/.test(args.importer) ? { path: join(args.resolveDir, args.path), sideEffects: false } : undefined);
  },
};

// skill-md's require("yaml") goes to dist/yaml.cjs (tsup.base): this tool never calls it (it
// imports yaml itself, only when a frontmatter needs it), and esbuild would otherwise count that
// require() as an edge and make every run import the 260 KB yaml chunk.
export default defineConfig({ ...base, esbuildPlugins: [skillMdWithoutSideEffects, yamlRequireAsOneFile] });
