// Owner: the dependency-checker work. Interface agreed with skills-audit and monthly-audit; keep it.
import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { parseYamlSubset } from "./yaml-subset.ts";

type YamlModule = typeof import("yaml");
let yamlModule: YamlModule | undefined;

/**
 * The full `yaml` parser, loaded on first need: the fast subset reader handles most files, and
 * compiling yaml costs more than reading a thousand skills. `require("yaml")` (not createRequire)
 * so tsup bundles it; under vitest's unbundled ESM there is no `require`, so createRequire stands in.
 */
function loadYaml(): YamlModule {
  return (yamlModule ??= (typeof require === "function" ? require("yaml") : createRequire(import.meta.url)("yaml")) as YamlModule);
}

/** A SKILL.md parsed as data only: the block is cut here and read by `yaml`, so no front-matter engine exists to evaluate `---js`. */
export type ParsedSkill =
  | { ok: true; frontmatter: Record<string, unknown>; name: string | undefined; description: string | undefined; version: string | undefined; body: string }
  | { ok: false; error: { field?: string; message: string } };

/** The largest SKILL.md read; larger files are an error rather than a memory risk. */
export const MAX_SKILL_MD_BYTES = 1024 * 1024;

const fail = (field: string | undefined, message: string): ParsedSkill => ({ ok: false, error: field === undefined ? { message } : { field, message } });

/**
 * Parses SKILL.md text; never throws for bad input, never evaluates code.
 * The frontmatter block is cut out by hand and read as data only: by a fast reader of the common
 * YAML subset when it can, else by the `yaml` package (core schema), with the same result either way.
 * gray-matter is not used because its `---js` engines evaluate code.
 */
export function parseSkillMd(text: string): ParsedSkill {
  if (text.charCodeAt(0) === 0xfeff) return fail("BOM", "SKILL.md starts with a UTF-8 byte order mark (BOM); save it as UTF-8 without BOM");
  const normalized = text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
  const firstEnd = normalized.indexOf("\n");
  const first = (firstEnd === -1 ? normalized : normalized.slice(0, firstEnd)).trimEnd();
  if (!first.startsWith("---")) return fail("frontmatter", "no YAML frontmatter: SKILL.md must start with a '---' line");
  if (first !== "---") {
    const lang = first.slice(3).trim();
    return fail("frontmatter", `front matter language "${lang.slice(0, 40)}" is not allowed: only YAML is read, as data (a '---${lang.slice(0, 40)}' block is never evaluated)`);
  }
  const close = /^(?:---|\.\.\.)[ \t]*$/m;
  const rest = firstEnd === -1 ? "" : normalized.slice(firstEnd + 1);
  const m = close.exec(rest);
  if (!m) return fail("frontmatter", "frontmatter is not closed: expected a '---' line after the YAML block");
  const yamlText = rest.slice(0, m.index);
  const bodyStart = m.index + m[0].length;
  const body = rest.slice(rest[bodyStart] === "\n" ? bodyStart + 1 : bodyStart);
  let data: unknown;
  try {
    const fast = parseYamlSubset(yamlText);
    data = fast ? fast.value : loadYaml().parse(yamlText, { schema: "core", uniqueKeys: true, maxAliasCount: 100, logLevel: "error" });
  } catch (err) {
    return fail("frontmatter", describeYamlError(err));
  }
  if (data === null || data === undefined) return fail("frontmatter", "frontmatter is empty: expected a YAML mapping with at least name and description");
  if (typeof data !== "object" || Array.isArray(data)) return fail("frontmatter", `frontmatter must be a YAML mapping, got ${Array.isArray(data) ? "a list" : typeof data}`);
  const fm = data as Record<string, unknown>;
  for (const field of ["name", "description"] as const) {
    if (fm[field] !== undefined && typeof fm[field] !== "string") return fail(field, `${field}: expected a string, got ${typeName(fm[field])}`);
  }
  const version = fm.version;
  if (version !== undefined && typeof version !== "string" && typeof version !== "number") return fail("version", `version: expected a string such as "1.2.0", got ${typeName(version)}`);
  return {
    ok: true,
    frontmatter: fm,
    name: fm.name as string | undefined,
    description: fm.description as string | undefined,
    version: version === undefined ? undefined : String(version),
    body,
  };
}

/** Reads and parses a SKILL.md file (size-capped); unreadable files are `{ ok: false }`. */
export function readSkillMd(path: string): ParsedSkill {
  // stat first: a FIFO named SKILL.md would block a read forever, and a 10 MB file is refused unread.
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    return fail("SKILL.md", `cannot read SKILL.md: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  if (!st.isFile()) return fail("SKILL.md", "SKILL.md is not a regular file");
  if (st.size > MAX_SKILL_MD_BYTES) return fail("SKILL.md", `SKILL.md is larger than ${MAX_SKILL_MD_BYTES} bytes (${st.size} bytes)`);
  let text: string;
  try {
    // readFileSync(…, "utf8") is one native call; thousands of skills make the syscall count matter.
    text = readFileSync(path, "utf8");
  } catch (err) {
    return fail("SKILL.md", `cannot read SKILL.md: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  // The file may have been swapped for a bigger one since the stat.
  if (text.length > MAX_SKILL_MD_BYTES) return fail("SKILL.md", `SKILL.md is larger than ${MAX_SKILL_MD_BYTES} bytes`);
  // The utf8 decoder replaces bad bytes with U+FFFD; only then is the strict check worth a second read.
  if (text.includes("\uFFFD") && !isStrictUtf8(path)) return fail("SKILL.md", "SKILL.md is not valid UTF-8");
  return parseSkillMd(text);
}

function isStrictUtf8(path: string): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(readFileSync(path));
    return true;
  } catch {
    return false;
  }
}

function describeYamlError(err: unknown): string {
  if (err instanceof loadYaml().YAMLParseError) {
    // +1: the YAML block starts on the line after the opening '---'.
    const line = err.linePos?.[0] ? ` at line ${err.linePos[0].line + 1}, column ${err.linePos[0].col}` : "";
    const reason = err.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
    return `frontmatter is not valid YAML${line}: ${reason}`;
  }
  return `frontmatter is not valid YAML: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`;
}

/** A short type name for error messages: `number`, `a list`, `a mapping`, `null`. */
export function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return typeof value;
}

/** Frontmatter `name` rules of the Agent Skills format: 1–64 chars of a-z, 0-9 and `-`. */
export const SKILL_NAME = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** Checks a parsed skill's identity against the format: name present, well-formed and equal to its folder; description 1–1024 chars. */
export function checkSkillMeta(skill: { name: string | undefined; description: string | undefined }, folderName: string): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (skill.name === undefined) problems.push({ field: "name", message: "name: missing; expected the folder name" });
  else if (!SKILL_NAME.test(skill.name)) problems.push({ field: "name", message: `name: ${JSON.stringify(skill.name.slice(0, 80))} must be 1-64 characters of a-z, 0-9 and -` });
  else if (skill.name !== folderName) problems.push({ field: "name", message: `name: "${skill.name}" does not match its folder "${folderName}"` });
  const d = skill.description;
  if (d === undefined || d.trim() === "") problems.push({ field: "description", message: "description: missing; expected 1-1024 characters" });
  else if (d.length > 1024) problems.push({ field: "description", message: `description: ${d.length} characters, expected at most 1024` });
  return problems;
}
