import { defineConfig } from "tsup";
import { base } from "../../tsup.base.ts";

export default defineConfig({
  ...base,
  // The worker thread that fingerprints a share of the skills (src/inventory-pool.ts) is its own entry.
  entry: [...(base.entry as string[]), "src/inventory-worker.ts"],
  // yaml is required only for frontmatter the fast subset reader cannot read, yet bundled it is
  // 280 KB parsed at every start, twice (this thread and the worker): left to Node's resolver
  // (it is a dependency of this package), it costs nothing until a SKILL.md needs it.
  noExternal: [/^(?!yaml$|better-sqlite3$)/],
  external: ["yaml"],
});
