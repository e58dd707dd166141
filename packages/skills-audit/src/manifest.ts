import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ToolError, writeFileAtomicSync } from "@wizard-council/kit";

/** The file hermes-agent keeps beside the installed skills: one `name:md5` line per synced skill. */
export const MANIFEST_NAME = ".bundled_manifest";

/** Skill name → origin hash as hermes records it; `""` for an older line without a hash. */
export type Manifest = Map<string, string>;

/** The manifest's path inside a skills root. */
export function manifestPath(target: string): string {
  return join(target, MANIFEST_NAME);
}

/**
 * Parses `.bundled_manifest` text the way hermes-agent reads it: a leading BOM dropped, blank lines
 * skipped, `name:hash` split at the first colon (both trimmed), a line without a colon is the older
 * format (name only, hash unknown).
 */
export function parseManifest(text: string): Manifest {
  const entries: Manifest = new Map();
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (const raw of body.split(/\r?\n|\r/)) {
    const line = raw.trim();
    if (line === "") continue;
    const colon = line.indexOf(":");
    if (colon === -1) entries.set(line, "");
    else entries.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return entries;
}

/** Formats entries exactly as hermes-agent writes them: sorted by name (code point order), `name:hash\n` each. */
export function formatManifest(entries: Manifest): string {
  const names = [...entries.keys()].sort((a, b) => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8")));
  return names.map((n) => `${n}:${entries.get(n)}\n`).join("");
}

/** Reads a target's manifest; a missing file is empty, an unreadable or non-UTF-8 one is an error naming it. */
export function readManifest(path: string): Manifest {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return new Map();
    throw new ToolError("UNREADABLE_MANIFEST", `cannot read the skills manifest: ${code === "EISDIR" ? "it is a directory, expected a file" : code ?? String(err)}`, { path });
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new ToolError("CORRUPT_MANIFEST", "the skills manifest is not UTF-8 text; expected `name:md5` lines (left untouched)", { path });
  }
  return parseManifest(text);
}

/** Writes the manifest atomically (temp file, fsync, rename), keeping an existing file's mode. */
export function writeManifest(path: string, entries: Manifest): void {
  writeFileAtomicSync(path, formatManifest(entries));
}
