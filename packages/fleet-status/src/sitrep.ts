import { oneLine, renderFindingLine, renderSummaryLine, type Colors, type Finding, type Report } from "@wizard-council/kit";
import type { FleetData } from "./fleet.ts";
import type { MemberState } from "./verdict.ts";

interface Row {
  name: string;
  host: string;
  state: MemberState;
  detail: string;
}

/**
 * The human view: a SITREP table (Wizard | Host | Status | Detail, then the services),
 * drift warnings under it, and the summary line. Columns are padded on the plain text
 * so colour codes do not skew the alignment.
 */
export function renderSitrep(report: Report<FleetData>, c: Colors): string {
  const wizards: Row[] = [];
  const services: Row[] = [];
  const other: Finding[] = [];
  for (const f of report.findings) {
    const d = f.data as { kind?: string; name?: string; host?: string; state?: MemberState } | undefined;
    if (!d?.state || (d.kind !== "wizard" && d.kind !== "service")) {
      other.push(f);
      continue;
    }
    (d.kind === "wizard" ? wizards : services).push({ name: d.name ?? f.id, host: d.host ?? "-", state: d.state, detail: oneLine(f.message ?? "") });
  }
  const all = [...wizards, ...services];
  const width = {
    name: Math.max(6, ...all.map((r) => r.name.length)),
    host: Math.max(4, ...all.map((r) => r.host.length)),
    state: Math.max(6, ...all.map((r) => r.state.length)),
  };
  const lines: string[] = [];
  const header = (first: string) => c.bold(`${first.padEnd(width.name)}  ${"Host".padEnd(width.host)}  ${"Status".padEnd(width.state)}  Detail`);
  const row = (r: Row) => `${r.name.padEnd(width.name)}  ${c.dim(r.host.padEnd(width.host))}  ${paint(r.state, c)(r.state.padEnd(width.state))}  ${r.detail}`;
  if (wizards.length > 0) lines.push(header("Wizard"), ...wizards.map(row));
  if (services.length > 0) lines.push(...(wizards.length > 0 ? [""] : []), header("Service"), ...services.map(row));
  if (other.length > 0) lines.push("", ...other.map((f) => renderFindingLine(f, c)));
  lines.push("", `${renderSummaryLine(report, c)} ${c.dim(`· ${report.data.durationMs} ms`)}`);
  return `${lines.join("\n")}\n`;
}

function paint(state: MemberState, c: Colors): (text: string) => string {
  switch (state) {
    case "UP": return c.green;
    case "DEGRADED": return c.yellow;
    case "DOWN": return (t) => c.bold(c.red(t));
    default: return c.dim;
  }
}
