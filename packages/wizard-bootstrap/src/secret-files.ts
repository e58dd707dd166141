import { chmod, lstat, readdir, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Check, CheckContext, Outcome } from "./check.ts";

/** Turns a contract pattern's last segment (`gitea_token*`) into a matcher; `*` matches within a name only. */
export function globMatcher(pattern: string): (name: string) => boolean {
  const source = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("[^/]*");
  const re = new RegExp(`^${source}$`);
  return (name) => re.test(name);
}

/** What is wrong with a secret file's mode: `readable` by group/other (fail), `writable` by them (warn), or nothing. */
export function classifyMode(mode: number): "readable" | "writable" | "private" {
  if (mode & 0o044) return "readable";
  if (mode & 0o033) return "writable";
  return "private";
}

/** `secret_file:<pattern>`: every file under HERMES_HOME matching the pattern is private to its owner (0600). */
export function secretFileCheck(pattern: string): Check {
  return {
    id: `secret_file:${pattern}`,
    title: `${pattern} private (0600)`,
    required: true,
    network: false,
    run: (ctx) => checkSecretFiles(ctx, pattern),
  };
}

async function checkSecretFiles(ctx: CheckContext, pattern: string): Promise<Outcome> {
  const dir = join(ctx.hermesHome, dirname(pattern));
  const matches = globMatcher(pattern.slice(pattern.lastIndexOf("/") + 1));
  let names: string[];
  try {
    names = (await readdir(dir)).filter(matches).sort();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return { status: "ok", message: "not present", data: { files: [] } };
    throw err;
  }
  const files: { path: string; mode: string; fixed?: boolean }[] = [];
  const problems: { path: string; mode: string; kind: "readable" | "writable" }[] = [];
  for (const name of names) {
    const path = join(dir, name);
    // --fix never chmods through a symlink: its target may be a file shared outside HERMES_HOME.
    const link = (await lstat(path)).isSymbolicLink();
    const s = await stat(path).catch(() => undefined);
    if (!s?.isFile()) continue;
    const mode = s.mode & 0o777;
    const kind = classifyMode(mode);
    if (kind !== "private" && ctx.fix && !link) {
      await chmod(path, 0o600);
      ctx.fixed.push({ id: `secret_file:${pattern}`, action: "chmod", path, mode: "0600" });
      files.push({ path, mode: octal(mode), fixed: true });
      continue;
    }
    files.push({ path, mode: octal(mode) });
    if (kind !== "private") problems.push({ path, mode: octal(mode), kind });
  }
  if (files.length === 0) return { status: "ok", message: "not present", data: { files } };
  const fix = problems.length ? `chmod 600 ${problems.map((p) => p.path).join(" ")}` : undefined;
  const readable = problems.filter((p) => p.kind === "readable");
  if (readable.length) {
    return { status: "fail", message: `readable by group/other: ${readable.map((p) => `${p.path} (${p.mode})`).join(", ")}`, fix: fix!, data: { files } };
  }
  if (problems.length) {
    return { status: "warn", message: `writable by group/other: ${problems.map((p) => `${p.path} (${p.mode})`).join(", ")}`, fix: fix!, data: { files } };
  }
  const fixedCount = files.filter((f) => f.fixed).length;
  return { status: "ok", message: fixedCount ? `fixed: chmod 600 ${files.filter((f) => f.fixed).map((f) => f.path).join(" ")}` : `${files.length} file(s), mode 0600 or stricter`, data: { files } };
}

function octal(mode: number): string {
  return `0${mode.toString(8).padStart(3, "0")}`;
}
