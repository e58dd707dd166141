import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { expandHome, isToolError, loadHostEnv, resolveHermesHome, ToolError } from "@wizard-council/kit";

/** One check of a member: an HTTP health URL, a Gitea version endpoint, or a command over ssh. */
export type ProbeSpec =
  | { probe: "gateway" | "webhook" | "http"; kind: "http"; url: string }
  | { probe: "gitea"; kind: "gitea"; url: string }
  | { probe: "ssh"; kind: "ssh"; target: string; command: string };

/** A wizard or a service from the registry, with the probes it declares. */
export interface Member {
  kind: "wizard" | "service";
  name: string;
  /** Display host: the registry's `host`, else the host of the first URL or ssh target. */
  host: string;
  role?: string;
  probes: ProbeSpec[];
  /** 1-based line of the member's entry in the registry. */
  line: number;
}

/** The registry's `defaults` block, with the tool's defaults filled in. */
export interface RegistryDefaults {
  timeoutMs: number;
  slowMs: number;
}

/** A validated registry. */
export interface Registry {
  path: string;
  defaults: RegistryDefaults;
  members: Member[];
}

/** Per-probe timeout when neither `--timeout` nor `defaults.timeout_ms` says otherwise. */
export const DEFAULT_TIMEOUT_MS = 3000;
/** An UP answer slower than this makes the member DEGRADED, unless `defaults.slow_ms` says otherwise. */
export const DEFAULT_SLOW_MS = 1000;
// A registry of 10,000 members is about 1 MiB; anything near this cap is not a registry.
const MAX_REGISTRY_BYTES = 32 * 1024 * 1024;

export interface RegistryPathOptions {
  registry?: string;
  hermesHome?: string;
  env?: NodeJS.ProcessEnv;
}

/** The registry path: `--registry`, else `FLEET_REGISTRY` (environment, then `$HERMES_HOME/.env`), else `$HERMES_HOME/fleet.yaml`. */
export function resolveRegistryPath(opts: RegistryPathOptions = {}): string {
  if (opts.registry) return expandHome(opts.registry);
  const env = opts.env ?? process.env;
  const home = resolveHermesHome(opts.hermesHome, env);
  const fromEnv = loadHostEnv(home, env).get("FLEET_REGISTRY");
  return fromEnv ? expandHome(fromEnv) : join(home, "fleet.yaml");
}

/** Reads and validates a registry file; a missing, unreadable or malformed file is a ToolError naming it. */
export async function readRegistry(path: string): Promise<Registry> {
  let text: string;
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw new ToolError("INVALID_REGISTRY", "registry is a directory, expected a YAML file", { path });
    if (st.size > MAX_REGISTRY_BYTES) {
      throw new ToolError("INVALID_REGISTRY", `registry is ${st.size} bytes, more than the ${MAX_REGISTRY_BYTES} a registry may be`, { path });
    }
    text = await readFile(path, "utf8");
  } catch (err) {
    throw isToolError(err) ? err : fileError(err as NodeJS.ErrnoException, path);
  }
  const { parseRegistry } = await import("./registry-parse.ts");
  return { path, ...parseRegistry(text, path) };
}

function fileError(err: NodeJS.ErrnoException, path: string): ToolError {
  if (err.code === "ENOENT" || err.code === "ENOTDIR") {
    return new ToolError("REGISTRY_NOT_FOUND", `no fleet registry at ${path}; pass --registry, set FLEET_REGISTRY, or create $HERMES_HOME/fleet.yaml`, { path });
  }
  return new ToolError("UNREADABLE_REGISTRY", `cannot read the fleet registry: ${err.code ?? err.message}`, { path });
}
