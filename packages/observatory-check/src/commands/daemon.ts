import { defineCommand } from "citty";
import { parseNumberArg, type Colors } from "@wizard-council/kit";
import { baseOptions, checkPathArgs, commonArgs } from "../args.ts";
import { runDaemon } from "../daemon.ts";
import { renderDaemon } from "../views.ts";

export default defineCommand({
  meta: { name: "daemon", description: "Poll forever, storing snapshots and sending alerts; SIGINT/SIGTERM stop it cleanly" },
  args: { ...commonArgs, ...checkPathArgs, interval: { type: "string", description: "Seconds between snapshots, decimals allowed (default: $OBSERVATORY_POLL_INTERVAL, else 60)", valueHint: "seconds" } },
  run: async ({ args }) => {
    const intervalS = parseNumberArg(args.interval, "--interval", { min: 0.05, max: 86_400 });
    const controller = new AbortController();
    // The in-flight snapshot finishes and the DB closes before run() resolves; runTool then exits 0.
    const stop = () => controller.abort();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    try {
      const report = await runDaemon({ ...baseOptions(args), ...(intervalS !== undefined ? { intervalS } : {}), signal: controller.signal });
      return { report, views: { text: (c: Colors) => renderDaemon(report, c) }, exitCode: 0 };
    } finally {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
    }
  },
});
