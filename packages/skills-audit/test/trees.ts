// Builders for real skill trees on disk, shared by the tests.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const PKG = fileURLToPath(new URL("..", import.meta.url));
export const BIN = join(PKG, "dist", "cli.js");
export const SCHEMA = join(PKG, "schema", "report.schema.json");

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
