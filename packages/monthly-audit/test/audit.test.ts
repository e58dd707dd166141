import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { testdir, validateReport } from "@wizard-council/kit/testing";
import { describe, expect, it } from "vitest";
import { runMonthlyAudit, composeAudit } from "../src/audit.ts";
import type { AuditDocument } from "../src/document.ts";
import { cellCount, envelope, hostileFinding, tables } from "./envelopes.ts";

const schemaPath = new URL("../schema/report.schema.json", import.meta.url).pathname;
const NOV = new Date("2026-11-01T09:00:00.000Z");
const DEC = new Date("2026-12-01T09:00:00.000Z");

const readDoc = (path: string) => JSON.parse(readFileSync(path, "utf8")) as AuditDocument;

describe("runMonthlyAudit with given envelopes", () => {
  it("writes audit-YYYY-MM.md and .json (0600) under $HERMES_HOME/wizard-council and points at them", async () => {
    const home = testdir();
    const report = await runMonthlyAudit({
      hermesHome: home,
      env: {},
      now: NOV,
      inputReports: [envelope("skills-audit", [{ id: "devops/a", status: "fail", title: "a missing", fix: "skills-audit --fix" }])],
    });
    const out = join(home, "wizard-council");
    expect(report.data.reportPath).toBe(join(out, "audit-2026-11.md"));
    expect(report.data.jsonPath).toBe(join(out, "audit-2026-11.json"));
    expect(statSync(report.data.reportPath).mode & 0o777).toBe(0o600);
    expect(statSync(report.data.jsonPath).mode & 0o777).toBe(0o600);
    expect(readdirSync(out).sort()).toEqual(["audit-2026-11.json", "audit-2026-11.md"]);
    expect(report.status).toBe("fail");
    expect(report.findings).toEqual([expect.objectContaining({ id: "skills-audit", status: "fail", data: { reportPath: report.data.reportPath, jsonPath: report.data.jsonPath, status: "fail" } })]);
    expect(validateReport(report, schemaPath)).toEqual({ valid: true, errors: "" });
    const md = readFileSync(report.data.reportPath, "utf8");
    expect(md).toContain('period: "2026-11"\nhost: "forge-01"\ngenerated: "2026-11-01T09:00:00.000Z"\nstatus: fail\ncounts: { ok: 0, warn: 0, fail: 1, error: 0, skip: 0 }');
    expect(md).toContain("- ❌ fail · devops/a — a missing\n  - Fix: skills-audit --fix");
  });

  it("honours --out, then MONTHLY_AUDIT_OUT from the environment, then from $HERMES_HOME/.env", async () => {
    const home = testdir();
    const flag = join(home, "flag-out");
    const viaEnv = join(home, "env-out");
    const given = [envelope("wizard-bootstrap", [{ id: "node", status: "ok", title: "node 20" }])];
    const a = await runMonthlyAudit({ hermesHome: home, env: { MONTHLY_AUDIT_OUT: viaEnv }, out: flag, now: NOV, inputReports: given });
    const b = await runMonthlyAudit({ hermesHome: home, env: { MONTHLY_AUDIT_OUT: viaEnv }, now: NOV, inputReports: given });
    writeFileSync(join(home, ".env"), `MONTHLY_AUDIT_OUT=${join(home, "dotenv-out")}\n`);
    const c = await runMonthlyAudit({ hermesHome: home, env: {}, now: NOV, inputReports: given });
    expect(a.data.reportPath).toBe(join(flag, "audit-2026-11.md"));
    expect(b.data.reportPath).toBe(join(viaEnv, "audit-2026-11.md"));
    expect(c.data.reportPath).toBe(join(home, "dotenv-out", "audit-2026-11.md"));
    expect(a.status).toBe("ok");
  });

  it("compares two consecutive months by <tool>/<finding id>, replacing only the month it writes", async () => {
    const out = testdir();
    const oct = [
      envelope("skills-audit", [
        { id: "devops/a", status: "fail", title: "a MISSING" },
        { id: "devops/b", status: "fail", title: "b OUTDATED" },
        { id: "devops/c", status: "ok", title: "c OK" },
      ]),
      envelope("wizard-bootstrap", [{ id: "telegram", status: "error", title: "Telegram unreachable" }]),
    ];
    const nov = [
      envelope("skills-audit", [
        { id: "devops/a", status: "fail", title: "a MISSING" },
        { id: "devops/b", status: "ok", title: "b OK" },
        { id: "devops/c", status: "fail", title: "c OUTDATED" },
      ]),
      envelope("wizard-bootstrap", [{ id: "telegram", status: "ok", title: "Telegram @council_bot" }]),
    ];
    const first = await runMonthlyAudit({ out, env: {}, month: "2026-10", now: NOV, inputReports: oct });
    expect(first.data.changes).toEqual({ state: "first", previousPeriod: "2026-09", newProblems: 0, resolved: 0, stillOpen: 0 });
    const octJson = readFileSync(join(out, "audit-2026-10.json"), "utf8");
    const { report, markdown } = await composeAudit({ out, env: {}, month: "2026-11", now: DEC, inputReports: nov });
    expect(report.data.changes).toEqual({ state: "compared", previousPeriod: "2026-10", newProblems: 1, resolved: 2, stillOpen: 1 });
    const section = markdown.slice(markdown.indexOf("## Changed since last month"), markdown.indexOf("## Problems"));
    expect(section).toBe([
      "## Changed since last month",
      "",
      "Compared with 2026-10 (audit-2026-10.json): 1 new, 2 resolved, 1 still open.",
      "",
      "### New problems (1)",
      "",
      "- ❌ fail · skills-audit/devops/c — c OUTDATED",
      "",
      "### Resolved problems (2)",
      "",
      "- ❌ fail · skills-audit/devops/b — b OUTDATED",
      "- 🛑 error · wizard-bootstrap/telegram — Telegram unreachable",
      "",
      "",
    ].join("\n"));
    expect(readFileSync(join(out, "audit-2026-10.json"), "utf8")).toBe(octJson);
    expect(readDoc(join(out, "audit-2026-11.json")).changes.newProblems.map((p) => p.key)).toEqual(["skills-audit/devops/c"]);
    // Re-running the same month replaces its files and still compares with the month before.
    const again = await runMonthlyAudit({ out, env: {}, month: "2026-11", now: DEC, inputReports: oct });
    expect(again.data.changes).toEqual({ state: "compared", previousPeriod: "2026-10", newProblems: 0, resolved: 0, stillOpen: 3 });
    expect(readdirSync(out).sort()).toEqual(["audit-2026-10.json", "audit-2026-10.md", "audit-2026-11.json", "audit-2026-11.md"]);
  });

  it("says so, warns, and leaves last month's file alone when it is not an audit", async () => {
    const out = testdir();
    writeFileSync(join(out, "audit-2026-10.json"), "{ torn");
    const { report, markdown } = await composeAudit({ out, env: {}, month: "2026-11", now: NOV, inputReports: [envelope("skills-audit", [])] });
    expect(readFileSync(join(out, "audit-2026-10.json"), "utf8")).toBe("{ torn");
    expect(markdown).toContain("Could not compare with 2026-10: audit-2026-10.json it is not valid JSON. It was left as it is.");
    expect(report.findings.find((f) => f.id === "previous-audit")).toMatchObject({ status: "warn", message: "audit-2026-10.json it is not valid JSON" });
    expect(report.status).toBe("warn");
  });

  it.each([
    ["valid JSON of another kind", '{"schema":"wizard-council/report@1","findings":[]}', 'it is not a monthly audit (expected "schema": "wizard-council/monthly-audit@1" and a "reports" array)'],
    ["an empty file", "", "it is not valid JSON"],
  ])("treats a previous month's file holding %s as unusable, not as a first audit", async (_name, content, reason) => {
    const out = testdir();
    writeFileSync(join(out, "audit-2026-10.json"), content);
    const report = await runMonthlyAudit({ out, env: {}, month: "2026-11", now: NOV, inputReports: [envelope("skills-audit", [])] });
    expect(report.data.changes.state).toBe("unreadable");
    expect(report.findings.at(-1)).toMatchObject({ id: "previous-audit", message: `audit-2026-10.json ${reason}` });
    expect(readFileSync(join(out, "audit-2026-10.json"), "utf8")).toBe(content);
  });

  it("renders findings full of |, <b>, &, backticks, emoji and 5,000-character messages as valid Markdown", async () => {
    const out = testdir();
    const hostile = [0, 1, 2].map(hostileFinding);
    const { markdown } = await composeAudit({ out, env: {}, month: "2026-11", now: NOV, host: "h|<b>ost", inputReports: [envelope("skills-audit", hostile, {}, "x")] });
    const all = tables(markdown);
    expect(all.length).toBe(2);
    for (const rows of all) {
      const width = cellCount(rows[0]!);
      expect(rows.map(cellCount)).toEqual(rows.map(() => width));
    }
    // The front matter is YAML (quoted strings); everything after it is rendered Markdown.
    const body = markdown.slice(markdown.indexOf("\n---\n") + 5);
    expect(body).not.toMatch(/<(b|i|script)>/);
    expect(body).not.toMatch(/&(?!(amp|lt|gt);)/);
    expect(markdown).toContain("pipe \\| &lt;b&gt;bold&lt;/b&gt; &amp; \\`tick\\` 🧙‍♂️ \\#0");
    expect(markdown).toContain('host: "h|<b>ost"');
    expect(markdown).toContain("# Monthly audit 2026-11 — h\\|&lt;b&gt;ost");
    const longest = Math.max(...markdown.split("\n").map((l) => l.length));
    expect(longest).toBeLessThan(2200);
    // The JSON twin keeps the full text.
    expect(readDoc(join(out, "audit-2026-11.json")).reports[0]!.findings[0]!.message).toBe(hostile[0]!.message);
  });

  it("filters given envelopes with --include names", async () => {
    const out = testdir();
    const report = await runMonthlyAudit({
      out, env: {}, now: NOV, include: ["skills"],
      inputReports: [envelope("skills-audit", []), envelope("wizard-bootstrap", []), envelope("custom-tool", [])],
    });
    expect(report.findings.map((f) => f.id)).toEqual(["skills-audit"]);
  });

  it("rejects an unknown --include name before writing anything", async () => {
    const out = join(testdir(), "out");
    await expect(runMonthlyAudit({ out, env: {}, now: NOV, include: ["skills", "sills"], inputReports: [] }))
      .rejects.toMatchObject({ code: "INVALID_ARGUMENT", path: "--include", message: expect.stringContaining('unknown tool "sills"') });
    expect(existsSync(out)).toBe(false);
  });

  it("is exit 2 naming the folder when the output cannot be written", async () => {
    const base = testdir();
    writeFileSync(join(base, "file"), "x");
    await expect(runMonthlyAudit({ out: join(base, "file", "sub"), env: {}, now: NOV, inputReports: [envelope("skills-audit", [])] }))
      .rejects.toMatchObject({ code: "OUTPUT_UNWRITABLE", path: join(base, "file", "sub", "audit-2026-11.md") });
  });

  it("turns an error envelope in the input into a problem of that tool", async () => {
    const out = testdir();
    mkdirSync(out, { recursive: true });
    const broken = { ...envelope("cycle-guard", []), status: "error" as const, error: { code: "CORRUPT_STATE", message: "state file is not valid JSON", path: "/h/state.json" } };
    const { report, markdown } = await composeAudit({ out, env: {}, now: NOV, inputReports: [broken] });
    expect(report.findings).toEqual([expect.objectContaining({ id: "cycle-guard", status: "error", message: "CORRUPT_STATE: state file is not valid JSON" })]);
    expect(markdown).toContain("- 🛑 error · tool-error — cycle-guard could not run: CORRUPT\\_STATE: state file is not valid JSON (/h/state.json)");
  });
});
