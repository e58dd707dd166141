import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { defineConfig } from "tsup";
import { base, yamlRequireAsOneFile } from "../../tsup.base.ts";

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
  // skill-md's require("yaml") loads dist/yaml.cjs, one bundled file, only when a frontmatter
  // needs the full parser (tsup.base): not node_modules' 72 files, and not parsed at every start.
  esbuildPlugins: [yamlRequireAsOneFile],
  // Names the sources in the fingerprint cache (src/fingerprint-cache.ts): records written by other code are not trusted.
  define: { __SKILLS_AUDIT_BUILD__: JSON.stringify(sourceHash()) },
});
