import { statSync } from "node:fs";
import { join } from "node:path";
import type { HostEnv } from "@wizard-council/kit";
import type { Requirement } from "@wizard-council/skill-md";
import type { PathLookup } from "@wizard-council/kit";
import type { VersionProber, VersionResult } from "./version-probe.ts";

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
  if (req.kind === "binary" && req.versionRange !== undefined) {
    const found = ctx.path.find(req.name);
    if (found && ctx.validRange(req.versionRange)) return ctx.versions.probe(found).then((v) => versionResult(req, found, v, ctx));
  }
  return checkNow(req, ctx, undefined);
}

/**
 * The result of a requirement that needs no `--version` answer, or of one whose answer is `version`:
 * everything but the probe itself, so a run can start every probe first and decide afterwards.
 */
export function checkNow(req: Requirement, ctx: CheckContext, version: VersionResult | undefined): RequirementResult {
  if (req.kind === "env") {
    const source = ctx.hostEnv().sourceOf(req.name);
    if (source === "env") return result(req, true, "set in the environment", undefined, undefined, source, true);
    if (source === "dotenv") return result(req, true, "set in $HERMES_HOME/.env", undefined, undefined, source, true);
    return result(req, false, "not set (or empty) in the environment or $HERMES_HOME/.env", undefined, undefined, undefined, true);
  }
  if (req.kind === "credential_file") {
    const file = join(ctx.hermesHome, req.name);
    try {
      const ok = statSync(file).isFile();
      return result(req, ok, ok ? `found at ${file}` : `${file} is not a regular file`, file, undefined, undefined, true);
    } catch (err) {
      return result(req, false, `${file} does not exist (${(err as NodeJS.ErrnoException).code ?? "unreadable"})`, file, undefined, undefined, true);
    }
  }
  const found = ctx.path.find(req.name);
  const range = req.versionRange;
  if (!found) return result(req, false, `${req.name} is not on PATH`, undefined, undefined, undefined, true);
  if (range === undefined) return result(req, true, "found on PATH", found, undefined, undefined, true);
  if (!ctx.validRange(range)) {
    return result(req, false, `${req.sourceField}: version "${range}" of ${req.name} is not a valid semver range`, found, undefined, undefined, false);
  }
  if (version === undefined) throw new Error(`checkNow: ${found} needs its --version answer first`);
  return versionResult(req, found, version, ctx);
}

function versionResult(req: Requirement, found: string, v: VersionResult, ctx: CheckContext): RequirementResult {
  const range = req.versionRange!;
  if (!v.ok) return result(req, false, `${found}: ${v.reason}`, found, undefined, undefined, false);
  const ok = ctx.satisfies(v.version, range);
  return result(req, ok, ok ? `version ${v.version} satisfies ${range}` : `version ${v.version} found, wants ${range}`, found, v.version, undefined, true);
}

/**
 * Every result is built with the same keys in the same order (absent ones undefined, which JSON
 * leaves out): one object shape for thousands of results keeps property access and JSON.stringify fast.
 */
function result(req: Requirement, satisfied: boolean, detail: string, resolvedPath: string | undefined, version: string | undefined, envSource: "env" | "dotenv" | undefined, checked: boolean): RequirementResult {
  return {
    kind: req.kind,
    name: req.name,
    source_field: req.sourceField,
    optional: req.optional,
    checked,
    satisfied,
    detail,
    version_range: req.versionRange,
    resolved_path: resolvedPath,
    version,
    env_source: envSource,
  };
}
