import { parseListArg, renderChecklist, type CommandOutput, type Colors } from "@wizard-council/kit";
import { composeAudit } from "../audit.ts";
import type { MonthlyAuditData } from "../envelope.ts";
import { readReports } from "../input.ts";

/** The parsed flags of the root command. */
export interface AuditArgs {
  "hermes-home"?: string;
  month?: string;
  out?: string;
  "post-telegram"?: boolean;
  input?: string;
  include?: string;
  offline?: boolean;
}

/** Parses the flags, runs the audit, and offers the text and Markdown views. */
export async function runAuditCommand(args: AuditArgs): Promise<CommandOutput<MonthlyAuditData>> {
  const inputReports = args.input !== undefined ? await readReports(args.input) : undefined;
  const { report, markdown } = await composeAudit({
    ...(args["hermes-home"] ? { hermesHome: args["hermes-home"] } : {}),
    ...(args.month !== undefined ? { month: args.month } : {}),
    ...(args.out ? { out: args.out } : {}),
    include: parseListArg(args.include),
    offline: args.offline === true,
    postTelegram: args["post-telegram"] === true,
    ...(inputReports ? { inputReports } : {}),
  });
  return {
    report,
    views: {
      text: (c: Colors) => `${renderChecklist(report, c)}${c.dim(`report: ${report.data.reportPath}`)}\n`,
      md: () => markdown,
    },
  };
}
