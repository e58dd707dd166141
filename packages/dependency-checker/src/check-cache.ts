import { isAscii } from "node:buffer";
import { closeSync, constants, fstatSync, openSync, readFileSync, realpathSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { isSecretVariable, writeCacheFileSync } from "@wizard-council/kit";
import type { SkillMdStat } from "@wizard-council/skill-md";
import { createRequirementTable, decodeSummary, encodeSummary, isRow, type RequirementTable } from "./cache-entries.ts";
import type { MemoStore } from "./report-memo.ts";
import type { SkillSummary } from "./skill-summary.ts";
import type { VersionResult } from "./version-probe.ts";

/**
 * What earlier runs learnt, kept in one JSON file so a re-run skips the work whose inputs have not
 * changed: a SKILL.md's summary, keyed by the file's device, inode, size, mtime and ctime (any
 * write changes ctime); a binary's `--version` answer, keyed by its real path, its device, inode,
 * size, mtime and ctime in nanoseconds, and a hash of the environment and working directory the
 * probe ran in (a version manager's shim may answer differently there), for at most a day; and
 * the last full report's findings with what they were made from (report-memo.ts).
 * The file is disposable: unreadable, corrupt or from another version means empty, and a write
 * that fails is skipped. It holds names, fields and versions, never a variable's value.
 */
export interface CheckCache extends MemoStore {
  /** The summary kept for a SKILL.md whose lstat still matches. */
  skill(path: string, stat: SkillMdStat): SkillSummary | undefined;
  rememberSkill(path: string, stat: SkillMdStat, value: SkillSummary): void;
  /** The `--version` answer kept for an executable that has not changed. */
  version(path: string): VersionResult | undefined;
  rememberVersion(path: string, value: VersionResult): void;
  /** Counts for tests and the bench: answers served from the file. */
  readonly hits: { skills: number; versions: number };
  /**
   * Writes the file (temp file + rename) if anything changed, leaving out entries that contain any
   * of `secrets`; then lets go of what it read (a run calls it once, when it is done with the cache).
   */
  save(secrets: () => readonly string[]): void;
}

const FORMAT = "dependency-checker-cache@4";
const VERSION_TTL_MS = 24 * 60 * 60 * 1000;
/** Entries not used by this run are dropped once the file holds more than this many. */
const MAX_ENTRIES = 20_000;
/** Paths that cannot be a field of a tab-separated line are simply not cached. */
const UNSAFE_PATH = /[\t\n\r]/;

/**
 * Opens (or starts) the cache in `file` for a run of tool `toolVersion` in `env`/`cwd` at `now`.
 * The file is one header line, one `T` line (the table of distinct requirements, as a JSON list
 * of `[kind, name, sourceField, optional, versionRange]`), then one tab-separated line per entry
 * (`S path stamp summary` with requirements as table indexes, or `V path identity context at
 * version raw`), and last the report memo as two lines (`M meta`, `R findings`). Entry lines are
 * only split when looked up; a requirement declared by many skills is one object, so a run checks
 * it once.
 */
export function openCheckCache(file: string, options: { toolVersion: string; env: NodeJS.ProcessEnv; cwd: string; now: number }): CheckCache {
  const header = `${FORMAT}\t${options.toolVersion}\t${codeStamp()}`;
  const skills = new Map<string, string>();
  const versions = new Map<string, string>();
  let memo: { meta: string; findings: string } | undefined;
  let tableText: string | undefined;
  try {
    const lines = readCacheText(file).split("\n");
    if (lines[0] === header && lines[1]?.startsWith("T\t")) {
      tableText = lines[1].slice(2);
      let meta: string | undefined;
      for (let i = 2; i < lines.length; i++) {
        const line = lines[i]!;
        if (line.startsWith("M\t")) {
          meta = line.slice(2);
          continue;
        }
        if (line.startsWith("R\t")) {
          if (meta !== undefined) memo = { meta, findings: line.slice(2) };
          continue;
        }
        const tab = line.indexOf("\t", 2);
        if (tab === -1) continue;
        const kind = line.charCodeAt(0);
        if (kind === 83) skills.set(line.slice(2, tab), line);
        else if (kind === 86) versions.set(line.slice(2, tab), line);
      }
    }
  } catch {
    // missing or unreadable: start empty, and the next save replaces it
  }
  // The table is parsed when a summary needs it (a replayed report does not). One that does not
  // parse, or holds a row that is not a requirement, makes every summary line unusable.
  let table: RequirementTable | undefined;
  const tableOf = (): RequirementTable => {
    if (table) return table;
    let rows: unknown;
    try {
      rows = tableText === undefined ? [] : JSON.parse(tableText);
    } catch {
      rows = undefined;
    }
    if (!Array.isArray(rows) || !rows.every(isRow)) {
      skills.clear();
      rows = [];
    }
    return (table = createRequirementTable(rows as unknown[]));
  };
  // What this run used, to keep when the file outgrows MAX_ENTRIES (tracked only when it might).
  const track = skills.size + versions.size > MAX_ENTRIES / 2;
  const used = new Set<string>();
  const usedVersions = new Set<string>();
  let dirty = false;
  const hits = { skills: 0, versions: 0 };
  const context = hashText(`${options.cwd}\0${envText(options.env)}`);

  const identity = (path: string): string | undefined => {
    try {
      const real = realpathSync(path);
      const st = statSync(real, { bigint: true });
      return UNSAFE_PATH.test(real) ? undefined : `${real}:${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
    } catch {
      return undefined;
    }
  };

  return {
    hits,
    get memo() {
      return memo;
    },
    rememberMemo(meta, findings) {
      if (memo?.meta === meta && memo.findings === findings) return;
      memo = { meta, findings };
      dirty = true;
    },
    skill(path, stat) {
      if (track) used.add(path);
      const table = tableOf();
      const line = skills.get(path);
      if (line === undefined) return undefined;
      // S <path> <stamp> <summary>
      const a = path.length + 3;
      const b = line.indexOf("\t", a);
      if (b === -1 || line.slice(a, b) !== stampOf(stat)) return undefined;
      let value: SkillSummary | undefined;
      try {
        value = decodeSummary(JSON.parse(line.slice(b + 1)), table);
      } catch {
        value = undefined;
      }
      if (value) hits.skills += 1;
      return value;
    },
    rememberSkill(path, stat, value) {
      if (track) used.add(path);
      const table = tableOf();
      if (UNSAFE_PATH.test(path)) return;
      skills.set(path, `S\t${path}\t${stampOf(stat)}\t${JSON.stringify(encodeSummary(value, table))}`);
      dirty = true;
    },
    version(path) {
      usedVersions.add(path);
      const line = versions.get(path);
      if (line === undefined) return undefined;
      // V <path> <identity> <context> <at> <version> <raw as JSON>
      const f = line.split("\t");
      const at = Number(f[4]);
      if (f.length !== 7 || f[3] !== context || !(options.now >= at && options.now - at <= VERSION_TTL_MS) || f[2] !== identity(path)) return undefined;
      let raw: unknown;
      try {
        raw = JSON.parse(f[6]!);
      } catch {
        return undefined;
      }
      if (typeof raw !== "string" || !/^[0-9]+\.[0-9]+\.[0-9]+$/.test(f[5]!)) return undefined;
      hits.versions += 1;
      return { ok: true, version: f[5]!, raw };
    },
    rememberVersion(path, value) {
      usedVersions.add(path);
      // Only answers are kept: a timeout or a failure may not happen again.
      if (!value.ok || UNSAFE_PATH.test(path)) return;
      const id = identity(path);
      if (id === undefined) return;
      versions.set(path, `V\t${path}\t${id}\t${context}\t${options.now}\t${value.version}\t${JSON.stringify(value.raw)}`);
      dirty = true;
    },
    save(secrets) {
      if (dirty) write(secrets);
      skills.clear();
      versions.clear();
      memo = undefined;
      dirty = false;
    },
  };

  function write(secrets: () => readonly string[]): void {
    const lines = [header, `T\t${tableOf().text()}`];
    // Past the limit, keep what this run used (the table keeps its old rows: indexes must stay valid).
    const crowded = track && skills.size + versions.size > MAX_ENTRIES;
    const known = secrets();
    const add = (entries: Map<string, string>, keep: Set<string>) => {
      for (const [path, line] of entries) {
        if (crowded && !keep.has(path)) continue;
        // Frontmatter quoted in an error message might hold a value the host keeps secret: never write it.
        if (known.length > 0 && known.some((s) => line.includes(s))) continue;
        lines.push(line);
      }
    };
    add(skills, used);
    add(versions, usedVersions);
    if (memo && !(known.length > 0 && known.some((s) => memo!.meta.includes(s) || memo!.findings.includes(s)))) lines.push(`M\t${memo.meta}`, `R\t${memo.findings}`);
    // Atomic, no fsync: a torn or lost cache only costs the next run its speed.
    writeCacheFileSync(file, `${lines.join("\n")}\n`);
  }
}

/**
 * The size and mtime of the code that made the summaries (the bundle chunk holding this module,
 * which holds the frontmatter reader too): a rebuilt or upgraded tool never reads what another
 * build of it wrote, even at the same version number.
 */
function codeStamp(): string {
  try {
    const st = statSync(fileURLToPath(import.meta.url));
    return `${st.size}:${st.mtimeMs}`;
  } catch {
    return "unknown";
  }
}

/** Larger files are not the cache this tool writes: ignore them rather than read them. */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;

/** The cache file's text; a FIFO, a device or a huge file in its place is treated as no cache (never blocks). */
function readCacheText(file: string): string {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > MAX_CACHE_BYTES) return "";
    // Nearly always ASCII (JSON keeps what a SKILL.md wrote, so not always): then latin1 is the
    // same text, made by a plain copy instead of a UTF-8 decode of a few megabytes.
    const bytes = readFileSync(fd);
    return isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
  } finally {
    closeSync(fd);
  }
}

/** A SKILL.md's stamp: device, inode, size, mtime and ctime as the listing's lstat gave them. */
function stampOf(st: SkillMdStat): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
}

/**
 * The environment as one string, sorted (the order of process.env is not stable across shells).
 * Secret-looking variables count by name only: their values never enter the file, not even hashed.
 */
function envText(env: NodeJS.ProcessEnv): string {
  const keys = Object.keys(env).sort();
  let out = "";
  for (let i = 0; i < keys.length; i++) {
    const name = keys[i]!;
    const value = env[name] ?? "";
    out += `${name}=${isSecretVariable(name, value) ? "\u0001" : value}\0`;
  }
  return out;
}

/** FNV-1a, 32 bits, as hex: enough to tell two environments apart, far too little to recover any value from. */
function hashText(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16);
}
