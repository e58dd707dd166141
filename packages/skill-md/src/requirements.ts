// Owner: the dependency-checker work.
import { typeName } from "./frontmatter.ts";

/** What a skill needs from its host. */
export type RequirementKind = "binary" | "env" | "credential_file";

/** One requirement, merged across every frontmatter form that declared it. */
export interface Requirement {
  kind: RequirementKind;
  /** Command name, variable name, or credential path relative to HERMES_HOME. */
  name: string;
  /** The frontmatter field(s) that declared it, e.g. `dependencies.binaries` (comma-joined when several did). */
  sourceField: string;
  /** True only when every declaration says optional. */
  optional: boolean;
  /** A semver range for binaries (`>=1.6`), ranges from several fields joined with a space (all must hold). */
  versionRange?: string;
}

/** A malformed declaration: `field` is the path into the frontmatter, e.g. `dependencies.binaries[2]`. */
export interface RequirementError {
  field: string;
  message: string;
}

/** Operating systems a skill may be gated to, as written in frontmatter `platforms`. */
export type SkillPlatform = "linux" | "macos" | "windows";

export interface SkillRequirements {
  requirements: Requirement[];
  /** The `platforms` gate, or undefined when the skill runs everywhere. */
  platforms: SkillPlatform[] | undefined;
  errors: RequirementError[];
}

const COMMAND_NAME = /^[A-Za-z0-9_][A-Za-z0-9._+-]*$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PLATFORM_ALIASES: Record<string, SkillPlatform> = { linux: "linux", macos: "macos", darwin: "macos", osx: "macos", windows: "windows", win32: "windows" };

/** The fields read, in order: this project's form, then hermes-agent's. */
const FIELDS: readonly { path: [string, string?]; kind: RequirementKind; key: "name" | "path" }[] = [
  { path: ["dependencies", "binaries"], kind: "binary", key: "name" },
  { path: ["dependencies", "env_vars"], kind: "env", key: "name" },
  { path: ["prerequisites", "commands"], kind: "binary", key: "name" },
  { path: ["prerequisites", "env_vars"], kind: "env", key: "name" },
  { path: ["required_environment_variables"], kind: "env", key: "name" },
  { path: ["required_credential_files"], kind: "credential_file", key: "path" },
];

/** True for a plain command name that can be looked up on PATH (no `/`, spaces, `$(`, `;`...). */
export function isPlainCommandName(name: string): boolean {
  return COMMAND_NAME.test(name) && name.length <= 128;
}

/** Normalises every requirement form of a parsed frontmatter; wrong types become errors naming the field. */
export function readRequirements(frontmatter: Record<string, unknown>): SkillRequirements {
  const errors: RequirementError[] = [];
  const merged = new Map<string, Requirement>();
  for (const parent of ["dependencies", "prerequisites"]) {
    const v = frontmatter[parent];
    if (v !== undefined && v !== null && (typeof v !== "object" || Array.isArray(v))) {
      errors.push({ field: parent, message: `${parent}: expected a mapping, got ${typeName(v)}` });
    }
  }
  for (const spec of FIELDS) {
    const [top, sub] = spec.path;
    const container = frontmatter[top];
    const value = sub === undefined ? container : isMap(container) ? container[sub] : undefined;
    if (value === undefined || value === null) continue;
    const field = sub === undefined ? top : `${top}.${sub}`;
    if (!Array.isArray(value)) {
      errors.push({ field, message: `${field}: expected a list, got ${typeName(value)}` });
      continue;
    }
    value.forEach((item, i) => {
      const parsed = readItem(item, field, i, spec.kind, spec.key);
      if ("message" in parsed) return void errors.push(parsed);
      const key = `${spec.kind}\0${parsed.name}`;
      const prev = merged.get(key);
      // One object shape for every requirement (versionRange present, maybe undefined): thousands are made per run.
      if (!prev) return void merged.set(key, { kind: parsed.kind, name: parsed.name, sourceField: field, optional: parsed.optional, versionRange: parsed.versionRange });
      if (!prev.sourceField.split(", ").includes(field)) prev.sourceField += `, ${field}`;
      prev.optional &&= parsed.optional;
      if (parsed.versionRange) prev.versionRange = prev.versionRange ? `${prev.versionRange} ${parsed.versionRange}` : parsed.versionRange;
    });
  }
  return { requirements: [...merged.values()], platforms: readPlatforms(frontmatter.platforms, errors), errors };
}

function readItem(item: unknown, parentField: string, index: number, kind: RequirementKind, key: "name" | "path"): Omit<Requirement, "sourceField"> | RequirementError {
  // The common case (a plain string that is a valid name) builds no strings at all.
  if (typeof item === "string" && (kind === "binary" ? isPlainCommandName(item) : kind === "env" ? ENV_NAME.test(item) : isRelativeInside(item) && item !== "")) {
    return { kind, name: item, optional: false, versionRange: undefined };
  }
  const field = `${parentField}[${index}]`;
  let name: unknown = item;
  let optional: unknown = false;
  let version: unknown;
  if (isMap(item)) {
    name = item[key] ?? (key === "path" ? item.name : undefined);
    optional = item.optional ?? (item.required === false ? true : false);
    version = item.version;
  } else if (typeof item !== "string") {
    return { field, message: `${field}: expected a string or {${key}}, got ${typeName(item)}` };
  }
  if (typeof name !== "string" || name === "") return { field: `${field}.${key}`, message: `${field}.${key}: expected a non-empty string, got ${typeName(name)}` };
  if (typeof optional !== "boolean") return { field: `${field}.optional`, message: `${field}.optional: expected true or false, got ${typeName(optional)}` };
  if (version !== undefined && typeof version !== "string" && typeof version !== "number") {
    return { field: `${field}.version`, message: `${field}.version: expected a semver range such as ">=1.6", got ${typeName(version)}` };
  }
  const shown = () => JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name);
  if (kind === "binary" && !isPlainCommandName(name)) return { field, message: `${field}: ${shown()} is not a plain command name (letters, digits, . _ + - only); it is never run` };
  if (kind === "env" && !ENV_NAME.test(name)) return { field, message: `${field}: ${shown()} is not an environment variable name` };
  if (kind === "credential_file" && !isRelativeInside(name)) return { field, message: `${field}: ${shown()} must be a path relative to HERMES_HOME that stays inside it` };
  if (version !== undefined && kind !== "binary") return { field: `${field}.version`, message: `${field}.version: only binaries can declare a version` };
  return { kind, name, optional, versionRange: version === undefined ? undefined : String(version) };
}

function readPlatforms(value: unknown, errors: RequirementError[]): SkillPlatform[] | undefined {
  if (value === undefined || value === null) return undefined;
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list)) {
    errors.push({ field: "platforms", message: `platforms: expected a list such as [linux, macos], got ${typeName(value)}` });
    return undefined;
  }
  const out: SkillPlatform[] = [];
  list.forEach((p, i) => {
    const known = typeof p === "string" ? PLATFORM_ALIASES[p.toLowerCase()] : undefined;
    if (known) out.push(known);
    else errors.push({ field: `platforms[${i}]`, message: `platforms[${i}]: expected linux, macos or windows, got ${typeof p === "string" ? JSON.stringify(p.slice(0, 40)) : typeName(p)}` });
  });
  return out;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isRelativeInside(p: string): boolean {
  if (p.startsWith("/") || p.startsWith("\\") || /^[A-Za-z]:/.test(p) || p.includes("\0")) return false;
  return !p.split(/[\\/]+/).includes("..");
}
