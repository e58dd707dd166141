import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { defineConfig } from "tsup";
import { base } from "../../tsup.base.ts";

/** A hash of the sources that decide what a fingerprint cache record holds (the walk, the hashing, the SKILL.md parser). */
function sourceHash(): string {
  const hash = createHash("md5");
  for (const dir of ["src", "../skill-md/src"]) {
    for (const name of readdirSync(dir).filter((n) => n.endsWith(".ts")).sort()) hash.update(name).update(readFileSync(join(dir, name)));
  }
  return hash.digest("hex").slice(0, 16);
}

export default defineConfig({
  ...base,
  // yaml is required only for frontmatter the fast subset reader cannot read, yet bundled it is
  // 280 KB parsed at every start: left to Node's resolver (it is a dependency of this package),
  // it costs nothing until a SKILL.md needs it.
  noExternal: [/^(?!yaml$|better-sqlite3$)/],
  external: ["yaml"],
  // Names the sources in the fingerprint cache (src/fingerprint-cache.ts): records written by other code are not trusted.
  define: { __SKILLS_AUDIT_BUILD__: JSON.stringify(sourceHash()) },
});
