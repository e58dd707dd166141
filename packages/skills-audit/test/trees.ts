// Builders for real skill trees on disk, shared by the tests.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cleanEnv } from "@wizard-council/kit/testing";

export const PKG = fileURLToPath(new URL("..", import.meta.url));
export const BIN = join(PKG, "dist", "cli.js");
export const SCHEMA = join(PKG, "schema", "report.schema.json");

/**
 * The environment for a spawned bin: the kit's clean one with HERMES_HOME inside the test's temp
 * folder, never the real ~/.hermes (the CLI keeps a fingerprint cache there when it exists).
 */
export function binEnv(root: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return cleanEnv({ HERMES_HOME: join(root, "hermes-home"), ...extra });
}

/** Writes a file, creating its folders. */
export function put(root: string, rel: string, body: string | Buffer): void {
  const path = join(root, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, body);
}

/** Writes a skill folder `<root>/<id>/` with a SKILL.md (name = folder name unless given) and extra files. */
export function skill(root: string, id: string, opts: { name?: string | null; version?: string; body?: string; files?: Record<string, string> } = {}): void {
  const folder = id.split("/").pop()!;
  const lines = ["---"];
  if (opts.name !== null) lines.push(`name: ${opts.name ?? folder}`);
  lines.push(`description: The ${folder} skill, for tests`);
  if (opts.version) lines.push(`version: ${opts.version}`);
  lines.push("---", opts.body ?? `# ${folder}\n`);
  put(root, `${id}/SKILL.md`, lines.join("\n"));
  for (const [rel, body] of Object.entries(opts.files ?? {})) put(root, `${id}/${rel}`, body);
}

/**
 * A digest of everything under a folder: every path, its type, its bytes or link target, and its
 * mode. Two equal digests mean nothing was created, removed or changed.
 */
export function treeDigest(root: string): string {
  const hash = createHash("sha256");
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const r = rel ? `${rel}/${name}` : name;
      const st = lstatSync(path);
      hash.update(`${r}\0${st.mode}\0`);
      if (st.isSymbolicLink()) hash.update(`link:${readlinkSync(path)}\0`);
      else if (st.isDirectory()) walk(path, r);
      else hash.update(readFileSync(path));
    }
  };
  walk(root, "");
  return hash.digest("hex");
}

// hermes-agent's `_dir_hash` and `_write_manifest` rules restated in Python and run by the real
// python3, as an independent check that both tools read and write the same `.bundled_manifest`.
const HERMES_PY = `
import hashlib, sys
from pathlib import Path
CACHES = {"__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache"}
def cached(p, root):
    rel = p.relative_to(root)
    if any(part in CACHES for part in rel.parts[:-1]):
        return True
    if p.name in CACHES and p.is_dir():
        return True
    return p.suffix in {".pyc", ".pyo"} and p.with_suffix(".py").is_file()
def dir_hash(root):
    h = hashlib.md5()
    for p in sorted(root.rglob("*")):
        if not cached(p, root) and p.is_file():
            h.update(str(p.relative_to(root)).encode("utf-8"))
            h.update(p.read_bytes())
    return h.hexdigest()
skills, manifest = Path(sys.argv[1]), Path(sys.argv[2])
entries = {}
for pair in sys.argv[3:]:
    name, rel = pair.split("=", 1)
    entries[name] = dir_hash(skills / rel)
manifest.write_text("".join(f"{n}:{h}\\n" for n, h in sorted(entries.items())), encoding="utf-8")
`;

/** Writes `manifest` as hermes-agent would after syncing the given skills (`name=category/skill`). */
export function writeHermesManifest(skillsRoot: string, manifest: string, pairs: string[], scratch: string): string {
  const script = join(scratch, "hermes_manifest.py");
  writeFileSync(script, HERMES_PY);
  execFileSync("python3", [script, skillsRoot, manifest, ...pairs]);
  return readFileSync(manifest, "utf8");
}

/**
 * A file that is listed but cannot be opened, even by root: its folder path is just under PATH_MAX
 * and its name takes the full path over it (ENAMETOOLONG). Returns a cleanup, to run before the
 * temp dir is removed (rmSync cannot reach it either).
 */
export function unopenableFile(skillDir: string): { path: string; remove: () => void } {
  let dir = skillDir;
  while (dir.length < 3900) dir = join(dir, "d".repeat(Math.min(200, 3900 - dir.length)));
  mkdirSync(dir, { recursive: true });
  const name = "f".repeat(250);
  execFileSync("sh", ["-c", 'cd "$1" && : > "$2"', "sh", dir, name]);
  return { path: `${dir}/${name}`, remove: () => execFileSync("sh", ["-c", 'cd "$1" && rm -f "$2"', "sh", dir, name]) };
}

/**
 * A source and a target holding every kind of skill the inventory distinguishes: equal, edited
 * (same size and different size), with junk, with a link out of the skill, with a broken or
 * non-UTF-8 SKILL.md, on one side only, with files bigger than the hashing buffer, plus `bulk`
 * equal skills (some with frontmatter only the full YAML parser reads) so that work is shared
 * between threads.
 */
export function mixedTrees(root: string, bulk: number): { source: string; target: string } {
  const source = join(root, "source");
  const target = join(root, "target");
  for (let i = 0; i < bulk; i++) {
    for (const side of [source, target]) {
      skill(side, `bulk-${i % 7}/s${i}`, { version: "1.0.0", files: { "notes.md": `notes ${i}\n`, "ref/a.md": "a".repeat(i) } });
      // Every fifth one is YAML beyond the fast subset reader (a block scalar): the full parser's path.
      if (i % 5 === 0) put(side, `bulk-${i % 7}/s${i}/SKILL.md`, `---\nname: s${i}\ndescription: |\n  Skill ${i},\n  in block style\nversion: 1.0.${i}\n---\n`);
    }
  }
  for (const side of [source, target]) {
    skill(side, "edge/equal", { files: { "big.bin": "z".repeat(300 * 1024) } });
    skill(side, "edge/junk", { files: { "a.md": "a" } });
    skill(side, "edge/same-size", { version: "2.0.0", files: { "a.md": "aaaa", "b.md": "b" } });
    skill(side, "edge/longer", { version: "1.0.0", files: { "a.md": "a" } });
  }
  put(target, "edge/junk/.DS_Store", "junk");
  put(target, "edge/junk/sub/._a.md", "appledouble");
  put(target, "edge/same-size/a.md", "abcd");
  skill(target, "edge/longer", { version: "0.9.0", files: { "a.md": "a longer edit" } });
  skill(source, "edge/only-source", { files: { "x.md": "x" } });
  skill(target, "edge/only-target", { files: { "y.md": "y" } });
  put(root, "outside.txt", "not part of any skill");
  skill(source, "edge/link-out");
  symlinkSync(join(root, "outside.txt"), join(source, "edge/link-out/leak.txt"));
  skill(target, "edge/link-out");
  put(source, "edge/broken/SKILL.md", "no frontmatter here\n");
  put(target, "edge/broken/SKILL.md", "---\nname: broken\n---\n");
  skill(source, "edge/latin1");
  put(target, "edge/latin1/SKILL.md", Buffer.from("---\nname: latin1\nversion: 0.1.0\ndescription: caf\xe9\n---\n", "latin1"));
  return { source, target };
}
