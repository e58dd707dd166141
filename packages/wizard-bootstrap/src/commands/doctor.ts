import { defineCommand } from "citty";
import { createReport, formatArgs, hermesHomeArgs, parseIntArg, parseListArg, resolveHermesHome, type CommandOutput } from "@wizard-council/kit";
import pkg from "../../package.json" with { type: "json" };

const TOOL = "wizard-bootstrap";

/** The root command (the tool has one job): check this host against the Wizard Environment Contract. */
export default defineCommand({
  meta: { name: TOOL, description: "Is this host forge-ready? Checks it against the Wizard Environment Contract" },
  args: {
    ...formatArgs,
    ...hermesHomeArgs,
    contract: { type: "string", description: "Contract file (default: $WIZARD_ENVIRONMENT_CONTRACT, else the bundled contract 1.0.0)", valueHint: "file" },
    offline: { type: "boolean", description: "Skip the network checks (Gitea, Telegram)" },
    only: { type: "string", description: "Run only these checks (comma-separated ids; see --list)", valueHint: "id[,id]" },
    list: { type: "boolean", description: "List the check ids the contract defines, run nothing" },
    fix: { type: "boolean", description: "Apply safe fixes: create HERMES_HOME and its folders (0700), chmod 600 secret files" },
    timeout: { type: "string", description: "Per-check timeout in ms (default 5000)", valueHint: "ms" },
    deadline: { type: "string", description: "Overall deadline in ms (default 20000)", valueHint: "ms" },
  },
  async run({ args }): Promise<CommandOutput> {
    // The checks, the bundled contract and the views load here, not at startup: `--help` and `--version` stay cheap.
    const [{ listChecks, runBootstrap }, { resolveContractPath }, { renderBootstrap, renderCheckList }] = await Promise.all([
      import("../bootstrap.ts"),
      import("../contract.ts"),
      import("../view.ts"),
    ]);
    const env = process.env;
    const contractPath = resolveContractPath(args.contract, env);
    if (args.list) {
      const list = await listChecks({ ...(contractPath ? { contractPath } : {}), env });
      const report = createReport({ tool: TOOL, version: pkg.version, findings: [], data: list });
      return { report, views: { text: (c) => renderCheckList(list, c) } };
    }
    const timeoutMs = parseIntArg(args.timeout, "--timeout", { min: 1, max: 600_000 });
    const deadlineMs = parseIntArg(args.deadline, "--deadline", { min: 1, max: 3_600_000 });
    const report = await runBootstrap({
      hermesHome: resolveHermesHome(args["hermes-home"], env),
      env,
      offline: args.offline === true,
      only: parseListArg(args.only),
      fix: args.fix === true,
      ...(contractPath ? { contractPath } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(deadlineMs !== undefined ? { deadlineMs } : {}),
    });
    return { report, views: { text: (c) => renderBootstrap(report, c) } };
  },
});
