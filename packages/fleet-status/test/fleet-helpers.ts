import { writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * A registry prefix that turns the slow threshold off: on a loaded test machine a loopback
 * answer can take over the default second, and a test asserting UP must not see DEGRADED.
 */
export const RELAXED = "defaults: { slow_ms: 600000 }\n";

/** Writes a registry file into a temp dir and returns its path. */
export function writeRegistry(dir: string, text: string, name = "fleet.yaml"): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
