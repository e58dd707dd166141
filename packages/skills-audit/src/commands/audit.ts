import type { ParsedArgs } from "citty";
import type { Colors, CommandOutput } from "@wizard-council/kit";
import { auditSkills, type AuditData } from "../audit.ts";
import { renderAuditTable } from "../render.ts";
import type { auditArgs } from "./args.ts";

/** Runs the audit for parsed flags and pairs the report with its table view. */
export async function runAudit(args: ParsedArgs<typeof auditArgs>): Promise<CommandOutput<AuditData>> {
  const report = await auditSkills({
    source: args.source,
    target: args.target,
    hermesHome: args["hermes-home"],
    fix: args.fix,
    force: args.force,
    prune: args.prune,
    dryRun: args["dry-run"],
    cache: args.cache,
    cacheDir: args["cache-dir"],
  });
  return { report, views: { text: (c: Colors) => renderAuditTable(report, c) } };
}
