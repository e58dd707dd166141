import { defineCommand } from "citty";
import { baseOptions, commonArgs } from "../args.ts";
import { metricsReport } from "../prometheus.ts";

export default defineCommand({
  meta: { name: "metrics", description: "The latest snapshot in Prometheus text format (stdout, or --out FILE atomically)" },
  args: { ...commonArgs, out: { type: "string", description: "Write to this file atomically (for node_exporter's textfile collector)", valueHint: "file" } },
  run: async ({ args }) => {
    const report = await metricsReport({ ...baseOptions(args), ...(args.out ? { out: args.out } : {}) });
    const prom = () => report.data.text;
    // Exposition text is what stdout is for, piped or not; with --out the file has it and stdout gets the report.
    return args.out ? { report, views: { prom } } : { report, views: { prom }, preferredFormat: "prom" };
  },
});
