import { lstatSync } from "node:fs";
import { join } from "node:path";

/**
 * True for a skill id (`<category>/<skill>`) that stays inside its root: relative, no empty,
 * `.` or `..` segment, no backslash or NUL.
 */
export function isSafeId(id: string): boolean {
  if (id === "" || id.startsWith("/") || /[\\\0]/.test(id)) return false;
  return id.split("/").every((seg) => seg !== "" && seg !== "." && seg !== "..");
}

/**
 * Why a skill name cannot be a `.bundled_manifest` key or a folder name, or undefined when it can:
 * no path separators, no `..`, no `:` (the manifest's separator), no control characters.
 */
export function unsafeNameReason(name: string): string | undefined {
  if (name.trim() === "") return "is empty";
  if (name.startsWith("/") || /^[A-Za-z]:[\\/]/.test(name)) return "is an absolute path";
  if (name === "." || name === ".." || /(^|[\\/])\.\.([\\/]|$)/.test(name)) return "would escape its folder (`..`)";
  if (/[\\/]/.test(name)) return "contains a path separator";
  if (name.includes(":")) return "contains `:`, the manifest's separator";
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return "contains a control character";
  return undefined;
}

/**
 * Why writing `rel` under `root` would leave it, or undefined when safe: every component that
 * already exists below the root must be a real directory, never a symlink (which could point anywhere).
 * With `self`, the last component is checked too.
 */
export function unsafeWriteReason(root: string, rel: string, options: { self?: boolean } = {}): string | undefined {
  const parts = rel.split("/");
  const upto = options.self ? parts.length : parts.length - 1;
  let path = root;
  for (let i = 0; i < upto; i++) {
    path = join(path, parts[i]!);
    let st;
    try {
      st = lstatSync(path);
    } catch {
      return undefined; // the rest does not exist yet: it will be created as real folders
    }
    if (st.isSymbolicLink()) return `${parts.slice(0, i + 1).join("/")} is a symlink; refusing to write through it`;
    if (!st.isDirectory()) return `${parts.slice(0, i + 1).join("/")} is not a folder`;
  }
  return undefined;
}
