import type { Report } from "@wizard-council/kit";
import { escapeMarkdown as esc, markdownTable, STATUS_LABEL } from "./markdown-text.ts";

type Data = Record<string, unknown>;

/** Skills-audit states that mean the skill is on the host. */
const INSTALLED = new Set(["OK", "MODIFIED", "OUTDATED", "CONVERGED", "EXTRA"]);

/**
 * The inventory at the end of the report, read from the tools' own payloads: skills
 * installed (skills-audit), fleet members (fleet-status), SLO figures (observatory-check),
 * cycle statistics (cycle-guard). A tool that did not run says so.
 */
export function renderInventory(reports: readonly Report[]): string {
  const byTool = (tool: string) => reports.find((r) => r.tool === tool && !r.error);
  return [
    "### Skills installed",
    renderSkills(byTool("skills-audit")),
    "### Fleet members",
    renderFleet(byTool("fleet-status")),
    "### SLOs",
    renderSlos(byTool("observatory-check")),
    "### Cycles",
    renderCycles(byTool("cycle-guard")),
  ].join("\n\n");
}

function renderSkills(r: Report | undefined): string {
  if (!r) return "skills-audit did not run.";
  const skills = r.findings.map((f) => ({ f, state: typeof f.data?.state === "string" ? f.data.state : undefined })).filter((s) => s.state !== undefined);
  const installed = skills.filter((s) => INSTALLED.has(s.state!));
  const byState = new Map<string, number>();
  for (const s of skills) byState.set(s.state!, (byState.get(s.state!) ?? 0) + 1);
  const counts = [...byState].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${n} ${esc(k)}`).join(" · ");
  const head = `${installed.length} installed of ${skills.length} audited${counts ? ` (${counts})` : ""}.`;
  if (installed.length === 0) return head;
  const rows = installed.map(({ f, state }) => [esc(f.id), esc(typeof f.data?.name === "string" ? f.data.name : ""), esc(state!)]);
  return `${head}\n\n${markdownTable(["Skill", "Name", "State"], rows)}`;
}

function renderFleet(r: Report | undefined): string {
  if (!r) return "fleet-status did not run (no registry, or --offline).";
  const members = r.findings.filter((f) => /^(wizard|service):/.test(f.id));
  if (members.length === 0) return "The registry lists no members.";
  const rows = members.map((f) => {
    const [kind, ...name] = f.id.split(":");
    return [esc(name.join(":")), esc(kind!), STATUS_LABEL[f.status], esc(f.message ?? f.title)];
  });
  const up = members.filter((f) => f.status === "ok").length;
  return `${up} of ${members.length} up.\n\n${markdownTable(["Member", "Kind", "Status", "Detail"], rows)}`;
}

function renderSlos(r: Report | undefined): string {
  if (!r) return "observatory-check did not run (no history database).";
  const slos = Array.isArray((r.data as Data).slos) ? ((r.data as Data).slos as Data[]) : [];
  if (slos.length === 0) return "No SLO figures in the report.";
  const rows = slos.map((s) => [
    esc(String(s.id ?? "")),
    esc(`${fmt(s.target)}${s.unit ? ` ${String(s.unit)}` : ""}`),
    s.actual === null || s.actual === undefined ? "no data" : esc(`${fmt(s.actual)}${s.unit ? ` ${String(s.unit)}` : ""}`),
    s.met === true ? "met" : s.met === false ? "missed" : "—",
    esc(fmt(s.samples)),
  ]);
  return markdownTable(["SLO", "Target", "Actual", "Met", "Samples"], rows, ["l", "r", "r", "l", "r"]);
}

function renderCycles(r: Report | undefined): string {
  if (!r) return "cycle-guard did not run (no journal).";
  const data = r.data as Data;
  const stats = (typeof data.stats === "object" && data.stats !== null ? data.stats : data) as Data;
  const rows = Object.entries(stats)
    .filter(([, v]) => v === null || ["number", "string", "boolean"].includes(typeof v))
    .map(([k, v]) => [esc(k), esc(figure(k, v))]);
  if (rows.length === 0) return "No journal statistics in the report.";
  return markdownTable(["Figure", "Value"], rows, ["l", "r"]);
}

/** cycle-guard's rate is a fraction and its durations are in ms; show them as people read them. */
function figure(key: string, v: unknown): string {
  if (typeof v === "number" && /rate$/i.test(key)) return `${Math.round(v * 100)}%`;
  if (typeof v === "number" && /Ms$/.test(key)) return `${(v / 60_000).toFixed(1)} min`;
  return fmt(v);
}

function fmt(v: unknown): string {
  if (typeof v === "number") return String(Math.round(v * 100) / 100);
  if (v === null || v === undefined) return "—";
  return String(v);
}
