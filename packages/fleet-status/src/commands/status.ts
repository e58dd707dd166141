import { defineCommand } from "citty";
import { formatArgs, hermesHomeArgs, parseIntArg, parseListArg, type Colors } from "@wizard-council/kit";
import pkg from "../../package.json" with { type: "json" };

/**
 * The tool's one command (it is the root: the kit's default-subcommand routing reads a
 * string flag's value as a command name, so `fleet-status --registry x` needs no subcommand).
 * The probing code is loaded only when it runs, so `--help` stays fast.
 */
export default defineCommand({
  meta: { name: "fleet-status", version: pkg.version, description: "Probe every wizard and service in the fleet registry at once: UP, DEGRADED or DOWN, and why; exit 1 if any is DOWN" },
  args: {
    ...formatArgs,
    ...hermesHomeArgs,
    registry: { type: "string", description: "Fleet registry YAML (default: $FLEET_REGISTRY, else $HERMES_HOME/fleet.yaml)", valueHint: "path" },
    only: { type: "string", description: "Probe only these members (comma-separated names)", valueHint: "name[,name]" },
    concurrency: { type: "string", description: "Probes in flight at once (default: 64)", valueHint: "n" },
    timeout: { type: "string", description: "Per-probe timeout in ms (default: the registry's defaults.timeout_ms, else 3000)", valueHint: "ms" },
  },
  async run({ args }) {
    const [{ runFleetStatus }, { renderSitrep }] = await Promise.all([import("../fleet.ts"), import("../sitrep.ts")]);
    const report = await runFleetStatus({
      registryPath: args.registry,
      hermesHome: args["hermes-home"],
      only: parseListArg(args.only),
      concurrency: parseIntArg(args.concurrency, "--concurrency", { min: 1, max: 10_000 }),
      timeoutMs: parseIntArg(args.timeout, "--timeout", { min: 1, max: 600_000 }),
    });
    return { report, views: { text: (c: Colors) => renderSitrep(report, c) } };
  },
});
