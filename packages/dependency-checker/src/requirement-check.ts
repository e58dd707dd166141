import { statSync } from "node:fs";
import { join } from "node:path";
import type { HostEnv } from "@wizard-council/kit";
import type { Requirement } from "@wizard-council/skill-md";
import type { PathLookup } from "./path-lookup.ts";
import type { VersionProber } from "./version-probe.ts";

/** One requirement as reported: snake_case keys as the spec writes them; never a variable's value. */
export interface RequirementResult {
  kind: Requirement["kind"];
  name: string;
  source_field: string;
  optional: boolean;
  satisfied: boolean;
  detail: string;
  /** False when the check itself could not be made (a `--version` that hung or failed). */
  checked: boolean;
  version_range?: string;
  resolved_path?: string;
  version?: string;
  /** For env vars: `env` (process environment) or `dotenv` (`$HERMES_HOME/.env`). */
  env_source?: "env" | "dotenv";
}

/** What a requirement check needs from the run: cached PATH and version lookups, the host env, HERMES_HOME. */
export interface CheckContext {
  path: PathLookup;
  versions: VersionProber;
  hostEnv: () => HostEnv;
  hermesHome: string;
  satisfies: (version: string, range: string) => boolean;
  validRange: (range: string) => boolean;
}

/**
 * Checks one requirement against the host; the detail says what was found (or not) without any value.
 * Synchronous unless a `--version` probe is needed: thousands of requirements need no promise each.
 */
export function checkRequirement(req: Requirement, ctx: CheckContext): RequirementResult | Promise<RequirementResult> {
  const base = { kind: req.kind, name: req.name, source_field: req.sourceField, optional: req.optional, checked: true };
  if (req.kind === "env") {
    const source = ctx.hostEnv().sourceOf(req.name);
    if (source === "env") return { ...base, satisfied: true, env_source: source, detail: "set in the environment" };
    if (source === "dotenv") return { ...base, satisfied: true, env_source: source, detail: "set in $HERMES_HOME/.env" };
    return { ...base, satisfied: false, detail: "not set (or empty) in the environment or $HERMES_HOME/.env" };
  }
  if (req.kind === "credential_file") {
    const file = join(ctx.hermesHome, req.name);
    try {
      const ok = statSync(file).isFile();
      return { ...base, satisfied: ok, resolved_path: file, detail: ok ? `found at ${file}` : `${file} is not a regular file` };
    } catch (err) {
      return { ...base, satisfied: false, resolved_path: file, detail: `${file} does not exist (${(err as NodeJS.ErrnoException).code ?? "unreadable"})` };
    }
  }
  const found = ctx.path.find(req.name);
  const range = req.versionRange;
  const withRange = range === undefined ? base : { ...base, version_range: range };
  if (!found) return { ...withRange, satisfied: false, detail: `${req.name} is not on PATH` };
  if (range === undefined) return { ...withRange, satisfied: true, resolved_path: found, detail: "found on PATH" };
  if (!ctx.validRange(range)) {
    return { ...withRange, satisfied: false, checked: false, resolved_path: found, detail: `${req.sourceField}: version "${range}" of ${req.name} is not a valid semver range` };
  }
  return ctx.versions.probe(found).then((v): RequirementResult => {
    if (!v.ok) return { ...withRange, satisfied: false, checked: false, resolved_path: found, detail: `${found}: ${v.reason}` };
    const ok = ctx.satisfies(v.version, range);
    return { ...withRange, satisfied: ok, resolved_path: found, version: v.version, detail: ok ? `version ${v.version} satisfies ${range}` : `version ${v.version} found, wants ${range}` };
  });
}
