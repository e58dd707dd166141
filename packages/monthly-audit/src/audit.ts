import { hostname } from "node:os";
import { join } from "node:path";
import { createReport, expandHome, knownSecrets, loadHostEnv, redactSecrets, resolveHermesHome, ToolError, type Report } from "@wizard-council/kit";
import pkg from "../package.json" with { type: "json" };
import { auditPaths, readPreviousAudit, writeAudit } from "./archive.ts";
import { computeChanges } from "./changes.ts";
import { AUDIT_SCHEMA, countFindings, normalizeReport, overallStatus, type AuditDocument, type SkippedTool } from "./document.ts";
import { auditFindings, type MonthlyAuditData } from "./envelope.ts";
import { renderMarkdown } from "./markdown.ts";
import { monthOf, parseMonth, previousMonth } from "./month.ts";
import { postAudit, type TelegramTestOptions } from "./post.ts";
import { loadPackage, runSource, SOURCE_NAMES, SOURCES } from "./sources.ts";

/** Options of {@link runMonthlyAudit}; every path and the clock can be injected. */
export interface MonthlyAuditOptions {
  hermesHome?: string;
  env?: NodeJS.ProcessEnv;
  /** `YYYY-MM`; default: the month `now` falls in (UTC). */
  month?: string;
  /** Folder for the report files; default `MONTHLY_AUDIT_OUT` (env, then `$HERMES_HOME/.env`), else `$HERMES_HOME/wizard-council`. */
  out?: string;
  /** `--include` names (bootstrap, skills, dependencies, fleet, observatory, cycles); default all. */
  include?: string[];
  offline?: boolean;
  /** Render these envelopes instead of running the tools (`--input`). */
  inputReports?: Report[];
  postTelegram?: boolean;
  now?: Date;
  /** The host named in the report; default the input reports' common host, else this machine's name. */
  host?: string;
  telegram?: TelegramTestOptions;
  /** Loads a tool's library by package name (default: a real dynamic import). */
  load?: (pkg: string) => Promise<Record<string, unknown>>;
  /** How long one tool may run before it is an error finding (default 120 s): a cron job must end. */
  sourceTimeoutMs?: number;
}

/** The envelope monthly-audit prints, plus the Markdown it wrote (for `--format md`). */
export interface MonthlyAuditOutcome {
  report: Report<MonthlyAuditData>;
  markdown: string;
}

/** Runs (or renders) the month's audit, writes `audit-YYYY-MM.md`/`.json`, optionally posts it; returns the envelope. */
export async function runMonthlyAudit(opts: MonthlyAuditOptions = {}): Promise<Report<MonthlyAuditData>> {
  return (await composeAudit(opts)).report;
}

/** {@link runMonthlyAudit}, also returning the Markdown it wrote. */
export async function composeAudit(opts: MonthlyAuditOptions = {}): Promise<MonthlyAuditOutcome> {
  const env = opts.env ?? process.env;
  const now = opts.now ?? new Date();
  const hermesHome = resolveHermesHome(opts.hermesHome, env);
  const month = opts.month ? parseMonth(opts.month) : monthOf(now);
  const include = checkInclude(opts.include);
  const outFromEnv = loadHostEnv(hermesHome, env).get("MONTHLY_AUDIT_OUT");
  const outDir = opts.out ? expandHome(opts.out) : outFromEnv ? expandHome(outFromEnv) : join(hermesHome, "wizard-council");

  const skipped: SkippedTool[] = [];
  let reports: Report[];
  if (opts.inputReports) {
    const tools = include && new Set(SOURCES.filter((s) => include.includes(s.name)).map((s) => s.tool));
    reports = opts.inputReports.filter((r) => !tools || tools.has(r.tool));
  } else {
    const ctx = { hermesHome, env, offline: opts.offline ?? false, now, load: opts.load ?? loadPackage, timeoutMs: opts.sourceTimeoutMs ?? 120_000 };
    const chosen = SOURCES.filter((s) => !include || include.includes(s.name));
    const results = await Promise.all(chosen.map((s) => runSource(s, ctx, pkg.version)));
    reports = [];
    results.forEach((r, i) => ("report" in r ? reports.push(r.report) : skipped.push({ tool: chosen[i]!.tool, reason: r.skipped })));
  }
  // The report is written to disk and posted to a chat: a secret a tool let slip into a message
  // (a server echoing a header) is masked here, not only on stdout.
  const secrets = knownSecrets(env, hermesHome);
  reports = (JSON.parse(redactSecrets(JSON.stringify(reports), secrets)) as Report[]).map(normalizeReport);

  const prevMonth = previousMonth(month);
  const paths = auditPaths(outDir, month);
  const previous = readPreviousAudit(auditPaths(outDir, prevMonth).jsonPath);
  const changes = previous.state === "unreadable"
    ? { ...computeChanges(reports, undefined, prevMonth), state: "unreadable" as const, note: previous.reason }
    : computeChanges(reports, previous.state === "found" ? previous.reports : undefined, prevMonth);
  const doc: AuditDocument = {
    schema: AUDIT_SCHEMA,
    version: pkg.version,
    period: month,
    host: opts.host ?? commonHost(reports) ?? hostname(),
    generatedAt: now.toISOString(),
    status: overallStatus(reports),
    counts: countFindings(reports),
    changes,
    reports,
    skipped,
  };
  const markdown = renderMarkdown(doc);
  writeAudit(paths, markdown, doc);

  const delivery = opts.postTelegram ? await postAudit({ doc, markdown, hermesHome, env, outDir, now, reportPath: paths.reportPath, ...(opts.telegram ? { testing: opts.telegram } : {}) }) : undefined;
  const { findings, data } = auditFindings({ doc, paths, outDir, delivery });
  return { report: createReport({ tool: "monthly-audit", version: pkg.version, findings, data, now, host: doc.host }), markdown };
}

function checkInclude(include: string[] | undefined): string[] | undefined {
  if (!include || include.length === 0) return undefined;
  for (const name of include) {
    if (!SOURCE_NAMES.includes(name)) {
      throw new ToolError("INVALID_ARGUMENT", `--include: unknown tool "${name}"; expected some of ${SOURCE_NAMES.join(", ")}`, { path: "--include" });
    }
  }
  return include;
}

function commonHost(reports: readonly Report[]): string | undefined {
  const hosts = new Set(reports.map((r) => r.host).filter((h) => h));
  return hosts.size === 1 ? [...hosts][0] : undefined;
}
