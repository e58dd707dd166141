import { join } from "node:path";
import { defineConfig, type Options } from "tsup";
import { base } from "../../tsup.base.ts";

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

/**
 * skill-md's parseSkillMd/readSkillMd load yaml with a synchronous require() (bundled for the
 * tools that use them); this tool never calls them (it imports yaml itself, only when a
 * frontmatter needs it), but esbuild still counts that require() as an edge and makes every run
 * import the 260 KB yaml chunk. Leaving require("yaml") external removes the edge; the tool's own
 * import("yaml") stays bundled.
 */
const yamlRequireExternal: NonNullable<Options["esbuildPlugins"]>[number] = {
  name: "yaml-require-external",
  setup(build) {
    build.onResolve({ filter: /^yaml$/ }, (args) => (args.kind === "require-call" ? { path: "yaml", external: true } : undefined));
  },
};

export default defineConfig({ ...base, esbuildPlugins: [skillMdWithoutSideEffects, yamlRequireExternal] });
