import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { testdir } from "@wizard-council/kit/testing";

/** A temp host: HERMES_HOME holding an empty skills folder, and a PATH folder with the given fake tools (name → shell script). */
export function testHost(tools: Record<string, string>) {
  const root = testdir();
  const hermesHome = join(root, "hermes");
  const bin = join(root, "bin");
  const skills = join(hermesHome, "skills");
  mkdirSync(skills, { recursive: true });
  mkdirSync(bin, { recursive: true });
  for (const [name, script] of Object.entries(tools)) writeBin(bin, name, script);
  return { root, hermesHome, skills, bin, cache: join(hermesHome, "wizard-council", "cache", "dependency-checker.json") };
}

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
