import { createReport, ToolError, writeFileAtomicSync, type Report } from "@wizard-council/kit";
import pkg from "../package.json" with { type: "json" };
import type { BaseOptions } from "./config.ts";
import { latestSnapshot } from "./history.ts";
import type { Snapshot } from "./snapshot.ts";

/** Numeric codes for statuses in the exposition (documented in HELP). */
export const STATUS_CODE: Record<string, number> = { ok: 0, warn: 1, fail: 2, error: 3, skip: 4 };

/** Escapes a label value per the text exposition format: backslash, double quote, newline. */
export function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** The latest snapshot in Prometheus text exposition format (version 0.0.4), for node_exporter's textfile collector. */
export function renderPrometheus(snapshot: Snapshot | undefined): string {
  const out: string[] = [];
  const metric = (name: string, help: string, samples: [string, number][]) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    for (const [labels, v] of samples) out.push(`${name}${labels} ${Number.isFinite(v) ? v : "NaN"}`);
  };
  const checks = snapshot?.checks ?? [];
  const label = (c: { id: string }) => `{check="${escapeLabel(c.id)}"}`;
  metric("observatory_check_status", "Status of each check: 0 ok, 1 warn, 2 fail, 3 error, 4 skip.", checks.map((c) => [label(c), STATUS_CODE[c.status] ?? 3]));
  metric("observatory_check_ok", "0 when the check is fail or error, else 1 (ok, warn, skip).", checks.map((c) => [label(c), c.status === "fail" || c.status === "error" ? 0 : 1]));
  metric("observatory_check_value", "The check's measured value (unit in the unit label): latency ms, percent, pid or count.",
    checks.filter((c) => c.value !== null).map((c) => [`{check="${escapeLabel(c.id)}",unit="${escapeLabel(c.unit ?? "")}"}`, c.value!]));
  if (snapshot) {
    metric("observatory_snapshot_status", "Overall status of the latest snapshot: 0 ok, 1 warn, 2 fail, 3 error.", [["", STATUS_CODE[snapshot.status] ?? 3]]);
    metric("observatory_snapshot_timestamp_seconds", "When the latest snapshot was taken (Unix time).", [["", Date.parse(snapshot.ts) / 1000]]);
  }
  return `${out.join("\n")}\n`;
}

/** The `metrics` report; `text` is the exposition, written atomically to `out` when given. */
export async function metricsReport(opts: BaseOptions & { out?: string; now?: Date } = {}): Promise<Report<{ out: string | null; snapshotTs: string | null; text: string }>> {
  const snapshot = await latestSnapshot(opts);
  const text = renderPrometheus(snapshot);
  // node_exporter reads *.prom files; an atomic rename means it never scrapes a torn file.
  if (opts.out) {
    try {
      writeFileAtomicSync(opts.out, text, { mode: 0o644 });
    } catch (err) {
      throw new ToolError("WRITE_FAILED", `cannot write the metrics file: ${(err as NodeJS.ErrnoException).code ?? "error"}`, { path: opts.out, cause: err });
    }
  }
  const findings = snapshot ? [] : [{ id: "latest_snapshot", status: "skip" as const, title: "latest snapshot", message: "no snapshot stored yet: run `observatory-check` first" }];
  return createReport({ tool: "observatory-check", version: pkg.version, findings, data: { out: opts.out ?? null, snapshotTs: snapshot?.ts ?? null, text }, now: opts.now });
}
