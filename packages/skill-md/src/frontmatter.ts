// Owner: the dependency-checker work. Interface agreed with skills-audit and monthly-audit; keep it.
import { isUtf8 } from "node:buffer";
import { closeSync, constants, fstatSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { parseYamlSubset } from "./yaml-subset.ts";

/** The `yaml` package's module, as `import("yaml")` gives it. */
export type YamlModule = typeof import("yaml");
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

/** A SKILL.md's frontmatter without its body: what a dependency check needs (see {@link readSkillMdHead}). */
export type SkillFrontmatter =
  | { ok: true; frontmatter: Record<string, unknown>; name: string | undefined; description: string | undefined; version: string | undefined }
  | { ok: false; error: { field?: string; message: string } };

/** The largest SKILL.md read; larger files are an error rather than a memory risk. */
export const MAX_SKILL_MD_BYTES = 1024 * 1024;

type Failure = { ok: false; error: { field?: string; message: string } };
const fail = (field: string | undefined, message: string): Failure => ({ ok: false, error: field === undefined ? { message } : { field, message } });

/**
 * Parses SKILL.md text; never throws for bad input, never evaluates code.
 * The frontmatter block is cut out by hand and read as data only: by a fast reader of the common
 * YAML subset when it can, else by the `yaml` package (core schema), with the same result either way.
 * gray-matter is not used because its `---js` engines evaluate code.
 */
export function parseSkillMd(text: string): ParsedSkill {
  const block = cutFrontmatter(text);
  if (!block.ok) return block;
  const fm = readFrontmatter(block.yaml, loadYaml);
  if (!fm || !fm.ok) return fm!;
  return { ok: true, frontmatter: fm.frontmatter, name: fm.name, description: fm.description, version: fm.version, body: block.body() };
}

/**
 * Parses the frontmatter of SKILL.md text (or of the head {@link readSkillMdHead} returns) like
 * {@link parseSkillMd}, without the body. Without `yaml` it never loads the full parser: a block
 * outside the fast subset returns undefined, for the caller to retry with the `yaml` module it
 * loaded (so a tool that rarely needs yaml can keep it out of its startup).
 */
export function parseSkillFrontmatter(text: string, yaml?: YamlModule): SkillFrontmatter | undefined {
  const block = cutFrontmatter(text);
  if (!block.ok) return block;
  return readFrontmatter(block.yaml, yaml ? () => yaml : undefined);
}

type Block = { ok: true; yaml: string; body: () => string } | Failure;

/** Cuts the YAML block out of SKILL.md text: BOM, `---js` and unclosed blocks are failures naming the field. */
function cutFrontmatter(text: string): Block {
  if (text.charCodeAt(0) === 0xfeff) return fail("BOM", "SKILL.md starts with a UTF-8 byte order mark (BOM); save it as UTF-8 without BOM");
  const normalized = text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
  const firstEnd = normalized.indexOf("\n");
  const first = (firstEnd === -1 ? normalized : normalized.slice(0, firstEnd)).trimEnd();
  if (!first.startsWith("---")) return fail("frontmatter", "no YAML frontmatter: SKILL.md must start with a '---' line");
  if (first !== "---") {
    const lang = first.slice(3).trim();
    return fail("frontmatter", `front matter language "${lang.slice(0, 40)}" is not allowed: only YAML is read, as data (a '---${lang.slice(0, 40)}' block is never evaluated)`);
  }
  const rest = firstEnd === -1 ? "" : normalized.slice(firstEnd + 1);
  const m = CLOSE.exec(rest);
  if (!m) return fail("frontmatter", "frontmatter is not closed: expected a '---' line after the YAML block");
  const bodyStart = m.index + m[0].length;
  return { ok: true, yaml: rest.slice(0, m.index), body: () => rest.slice(rest[bodyStart] === "\n" ? bodyStart + 1 : bodyStart) };
}

const CLOSE = /^(?:---|\.\.\.)[ \t]*$/m;

/** Reads a cut YAML block as data and checks the identity fields' types; undefined when it needs `yaml` and none was given. */
function readFrontmatter(yamlText: string, yaml: (() => YamlModule) | undefined): SkillFrontmatter | undefined {
  let data: unknown;
  try {
    const fast = parseYamlSubset(yamlText);
    if (fast) data = fast.value;
    else if (yaml) data = yaml().parse(yamlText, { schema: "core", uniqueKeys: true, maxAliasCount: 100, logLevel: "error" });
    else return undefined;
  } catch (err) {
    return fail("frontmatter", describeYamlError(err));
  }
  if (data === null || data === undefined) return fail("frontmatter", "frontmatter is empty: expected a YAML mapping with at least name and description");
  if (typeof data !== "object" || Array.isArray(data)) return fail("frontmatter", `frontmatter must be a YAML mapping, got ${Array.isArray(data) ? "a list" : typeof data}`);
  const fm = data as Record<string, unknown>;
  const name = fm.name;
  const description = fm.description;
  if (name !== undefined && typeof name !== "string") return fail("name", `name: expected a string, got ${typeName(name)}`);
  if (description !== undefined && typeof description !== "string") return fail("description", `description: expected a string, got ${typeName(description)}`);
  const version = fm.version;
  if (version !== undefined && typeof version !== "string" && typeof version !== "number") return fail("version", `version: expected a string such as "1.2.0", got ${typeName(version)}`);
  return { ok: true, frontmatter: fm, name, description, version: version === undefined ? undefined : String(version) };
}

/**
 * Stat before any read: a FIFO or device named SKILL.md is never opened (it could block forever),
 * and a 10 MB file is refused unread. The failure both readers report, or undefined to go on.
 */
function refuseUnreadable(path: string): Failure | undefined {
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    return fail("SKILL.md", `cannot read SKILL.md: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  if (!st.isFile()) return fail("SKILL.md", "SKILL.md is not a regular file");
  if (st.size > MAX_SKILL_MD_BYTES) return fail("SKILL.md", `SKILL.md is larger than ${MAX_SKILL_MD_BYTES} bytes (${st.size} bytes)`);
  return undefined;
}

/** Reads and parses a SKILL.md file (size-capped); unreadable files are `{ ok: false }`. */
export function readSkillMd(path: string): ParsedSkill {
  const refused = refuseUnreadable(path);
  if (refused) return refused;
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

/**
 * Reads a SKILL.md up to the end of its frontmatter block, for {@link parseSkillFrontmatter}: the
 * same size, type and UTF-8 rules (and error messages) as {@link readSkillMd}, but the body is never
 * decoded. `regularFile` says a fresh lstat found a regular file (not a link): then the file is
 * opened without a second stat, and O_NOFOLLOW | O_NONBLOCK keep a file swapped in since then
 * from leading out of the skills root or blocking the read.
 */
export function readSkillMdHead(path: string, options: { regularFile?: boolean } = {}): { ok: true; text: string } | Failure {
  if (!options.regularFile) {
    const refused = refuseUnreadable(path);
    if (refused) return refused;
  }
  let bytes: Buffer;
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (options.regularFile ? constants.O_NOFOLLOW : 0));
    const read = readAll(fd);
    if (typeof read === "number") return fail("SKILL.md", `SKILL.md is larger than ${MAX_SKILL_MD_BYTES} bytes${read > 0 ? ` (${read} bytes)` : ""}`);
    bytes = read;
  } catch (err) {
    return fail("SKILL.md", `cannot read SKILL.md: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (!isUtf8(bytes)) return fail("SKILL.md", "SKILL.md is not valid UTF-8");
  return { ok: true, text: decodeHead(bytes) };
}

// One read buffer for every SKILL.md of a run (almost all fit); allocated on first use.
let shared: Buffer | undefined;
const CHUNK = 64 * 1024;

/** The file's bytes (a view of the shared buffer: use before the next read), or its size when over the limit (0 if unknown). */
function readAll(fd: number): Buffer | number {
  const buf = (shared ??= Buffer.allocUnsafe(CHUNK));
  const n = readSync(fd, buf, 0, CHUNK, null);
  if (n < CHUNK) return buf.subarray(0, n);
  const size = fstatSync(fd).size;
  if (size > MAX_SKILL_MD_BYTES) return size;
  // A big file, or one still growing: read on to EOF, but never past the limit.
  let big = Buffer.allocUnsafe(Math.max(size, CHUNK) + CHUNK);
  buf.copy(big, 0, 0, n);
  let total = n;
  for (;;) {
    if (total === big.length) {
      if (total > MAX_SKILL_MD_BYTES) return 0;
      const grown = Buffer.allocUnsafe(big.length * 2);
      big.copy(grown, 0, 0, total);
      big = grown;
    }
    const got = readSync(fd, big, total, big.length - total, null);
    if (got === 0) break;
    total += got;
  }
  return total > MAX_SKILL_MD_BYTES ? 0 : big.subarray(0, total);
}

// Needles made once (a string needle is converted to a Buffer at every indexOf).
let DASHES: Buffer | undefined;
let DOTS: Buffer | undefined;

/**
 * The text up to the end of the first line that closes the frontmatter (`---` or `...` then only
 * spaces or tabs); the whole text when no such line is easily found. The head is a prefix cut after
 * a newline, so the block closes at the same line in the head as in the whole file: the body is
 * never decoded, and the result is the same.
 */
function decodeHead(bytes: Buffer): string {
  const a = bytes.indexOf((DASHES ??= Buffer.from("\n---")), 3);
  const b = bytes.indexOf((DOTS ??= Buffer.from("\n...")), 3);
  const close = a === -1 ? b : b === -1 ? a : Math.min(a, b);
  if (close === -1) return bytes.toString("utf8");
  let i = close + 4;
  while (bytes[i] === 32 || bytes[i] === 9) i += 1;
  if (bytes[i] === 13) i += 1;
  return bytes[i] === 10 ? bytes.toString("utf8", 0, i + 1) : bytes.toString("utf8");
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
  // By name, not instanceof: the caller may have handed in its own copy of yaml, and this path must not load one.
  if (err instanceof Error && err.name === "YAMLParseError") {
    const e = err as Error & { linePos?: [{ line: number; col: number }] };
    // +1: the YAML block starts on the line after the opening '---'.
    const line = e.linePos?.[0] ? ` at line ${e.linePos[0].line + 1}, column ${e.linePos[0].col}` : "";
    const reason = e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
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
