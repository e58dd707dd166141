// Builders for real skill trees on disk, shared by the tests.
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
