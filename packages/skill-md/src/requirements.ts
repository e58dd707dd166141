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

/** The fields read, in order: this project's form, then hermes-agent's (`field` is how results name it). */
const FIELDS: readonly { top: string; sub: string | undefined; field: string; kind: RequirementKind; key: "name" | "path" }[] = [
  { top: "dependencies", sub: "binaries", field: "dependencies.binaries", kind: "binary", key: "name" },
  { top: "dependencies", sub: "env_vars", field: "dependencies.env_vars", kind: "env", key: "name" },
  { top: "prerequisites", sub: "commands", field: "prerequisites.commands", kind: "binary", key: "name" },
  { top: "prerequisites", sub: "env_vars", field: "prerequisites.env_vars", kind: "env", key: "name" },
  { top: "required_environment_variables", sub: undefined, field: "required_environment_variables", kind: "env", key: "name" },
  { top: "required_credential_files", sub: undefined, field: "required_credential_files", kind: "credential_file", key: "path" },
];

/** Above this many requirements in one skill, merging looks them up in a map instead of scanning the list. */
const SCAN_LIMIT = 16;

/** True for a plain command name that can be looked up on PATH (no `/`, spaces, `$(`, `;`...). */
export function isPlainCommandName(name: string): boolean {
  return COMMAND_NAME.test(name) && name.length <= 128;
}

/** Normalises every requirement form of a parsed frontmatter; wrong types become errors naming the field. */
export function readRequirements(frontmatter: Record<string, unknown>): SkillRequirements {
  const errors: RequirementError[] = [];
  // Plain loops, no per-item closures or key strings: a run reads thousands of these before the JIT warms up.
  const requirements: Requirement[] = [];
  let index: Map<string, Requirement> | undefined;
  checkParent(frontmatter, "dependencies", errors);
  checkParent(frontmatter, "prerequisites", errors);
  for (let f = 0; f < FIELDS.length; f++) {
    const spec = FIELDS[f]!;
    const container = frontmatter[spec.top];
    const value = spec.sub === undefined ? container : isMap(container) ? container[spec.sub] : undefined;
    if (value === undefined || value === null) continue;
    const field = spec.field;
    if (!Array.isArray(value)) {
      errors.push({ field, message: `${field}: expected a list, got ${typeName(value)}` });
      continue;
    }
    for (let i = 0; i < value.length; i++) {
      const parsed = readItem(value[i], field, i, spec.kind, spec.key);
      if ("message" in parsed) {
        errors.push(parsed);
        continue;
      }
      let prev: Requirement | undefined;
      if (index) prev = index.get(`${parsed.kind}\0${parsed.name}`);
      else {
        for (let j = 0; j < requirements.length; j++) {
          const r = requirements[j]!;
          if (r.name === parsed.name && r.kind === parsed.kind) {
            prev = r;
            break;
          }
        }
      }
      if (!prev) {
        const req = parsed;
        requirements.push(req);
        if (index) index.set(`${req.kind}\0${req.name}`, req);
        else if (requirements.length > SCAN_LIMIT) index = new Map(requirements.map((r) => [`${r.kind}\0${r.name}`, r]));
        continue;
      }
      if (!prev.sourceField.split(", ").includes(field)) prev.sourceField += `, ${field}`;
      prev.optional &&= parsed.optional;
      if (parsed.versionRange) prev.versionRange = prev.versionRange ? `${prev.versionRange} ${parsed.versionRange}` : parsed.versionRange;
    }
  }
  return { requirements, platforms: readPlatforms(frontmatter.platforms, errors), errors };
}

function checkParent(frontmatter: Record<string, unknown>, parent: string, errors: RequirementError[]): void {
  const v = frontmatter[parent];
  if (v !== undefined && v !== null && (typeof v !== "object" || Array.isArray(v))) {
    errors.push({ field: parent, message: `${parent}: expected a mapping, got ${typeName(v)}` });
  }
}

/** One list item as a requirement declared by `parentField` (merging is the caller's), or the error naming it. */
function readItem(item: unknown, parentField: string, index: number, kind: RequirementKind, key: "name" | "path"): Requirement | RequirementError {
  // The common cases (a valid name, or a map of valid fields) build no strings and no closures;
  // anything else is worded by itemError, which runs the checks in order.
  if (typeof item === "string") {
    if (isValidName(kind, item)) return requirement(kind, item, parentField, false, undefined);
  } else if (isMap(item)) {
    const name = item[key] ?? (key === "path" ? item.name : undefined);
    const optional = item.optional ?? (item.required === false ? true : false);
    const version = item.version;
    if (typeof name === "string" && typeof optional === "boolean" && isValidName(kind, name) && (version === undefined || (kind === "binary" && (typeof version === "string" || typeof version === "number")))) {
      return requirement(kind, name, parentField, optional, version === undefined ? undefined : String(version));
    }
  }
  return itemError(item, parentField, index, kind, key);
}

function isValidName(kind: RequirementKind, name: string): boolean {
  return kind === "binary" ? isPlainCommandName(name) : kind === "env" ? ENV_NAME.test(name) : name !== "" && isRelativeInside(name);
}

/** The error for an item readItem's fast checks did not accept (or, should they be stricter than these, the requirement). */
function itemError(item: unknown, parentField: string, index: number, kind: RequirementKind, key: "name" | "path"): Requirement | RequirementError {
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
  return requirement(kind, name, parentField, optional, version === undefined ? undefined : String(version));
}

/** One object shape for every requirement (versionRange present, maybe undefined): thousands are made per run. */
function requirement(kind: RequirementKind, name: string, sourceField: string, optional: boolean, versionRange: string | undefined): Requirement {
  return { kind, name, sourceField, optional, versionRange };
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
