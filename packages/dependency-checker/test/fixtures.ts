import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** Writes `<root>/<id>/SKILL.md` with the given frontmatter lines (or raw text when `raw` is set). */
export function writeSkill(root: string, id: string, frontmatter: string, options: { raw?: string | Buffer } = {}): string {
  const file = join(root, id, "SKILL.md");
  mkdirSync(dirname(file), { recursive: true });
  const name = id.split("/").pop()!;
  writeFileSync(file, options.raw ?? `---\nname: ${name}\ndescription: test skill ${name}\n${frontmatter}\n---\n# ${name}\n`);
  return file;
}

/** Creates an executable shell script `name` in `dir` that prints `output` (to stderr with `toStderr`). */
export function writeBin(dir: string, name: string, script: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${script}\n`);
  chmodSync(file, 0o755);
  return file;
}
