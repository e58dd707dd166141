import { renderFindingLine, type Colors, type Report } from "@wizard-council/kit";
import type { BootstrapData, CheckList } from "./bootstrap.ts";

/** The human view: a checklist (✓ ✗ ! −) and a closing "ready" / "N problems" line. */
export function renderBootstrap(report: Report<BootstrapData>, c: Colors): string {
  const d = report.data;
  const lines = [c.dim(`wizard-bootstrap · contract ${d.contract.version} · HERMES_HOME ${d.hermesHome}${d.offline ? " · offline" : ""}`), ""];
  for (const f of report.findings) lines.push(renderFindingLine(f, c));
  if (d.fixed.length) {
    lines.push("", c.bold("fixed:"));
    for (const f of d.fixed) lines.push(`  ${f.action === "chmod" ? `chmod ${f.mode.slice(1)}` : `mkdir -m ${f.mode.slice(1)}`} ${f.path}`);
  }
  lines.push("", closingLine(report, c));
  return `${lines.join("\n")}\n`;
}

/** "ready" (with the warning count) or "N problems". */
export function closingLine(report: Report<BootstrapData>, c: Colors): string {
  const warnings = report.summary.warn;
  const warnNote = warnings ? ` (${warnings} warning${warnings === 1 ? "" : "s"})` : "";
  if (report.data.problems === 0) return `${c.green(c.bold("ready"))}${warnNote}`;
  const n = report.data.problems;
  return `${c.red(c.bold(`${n} problem${n === 1 ? "" : "s"}`))}${warnNote}`;
}

/** The `--list` view: one check id per line with its title. */
export function renderCheckList(list: CheckList, c: Colors): string {
  const width = Math.max(...list.checks.map((k) => k.id.length), 2);
  const lines = [c.dim(`contract ${list.contract.version} (${list.contract.source})`), ""];
  for (const k of list.checks) {
    const notes = [k.required ? "" : "optional", k.network ? "network" : ""].filter(Boolean).join(", ");
    lines.push(`${k.id.padEnd(width)}  ${k.title}${notes ? c.dim(` (${notes})`) : ""}`);
  }
  return `${lines.join("\n")}\n`;
}
