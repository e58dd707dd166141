import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cleanEnv, refusedPort, reply, runBin, startServer, testdir, validateReport } from "@wizard-council/kit/testing";
import { afterEach, describe, expect, it } from "vitest";
import { composeAudit } from "../src/audit.ts";
import { loadPackage, SOURCES } from "../src/sources.ts";

const repo = new URL("../../../", import.meta.url).pathname;
const schemaPath = new URL("../schema/report.schema.json", import.meta.url).pathname;
const NOV = new Date("2026-11-15T12:00:00.000Z");
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

/** A real module file standing in for a tool's library. */
function moduleFile(dir: string, name: string, body: string): string {
  const path = join(dir, `${name}.mjs`);
  writeFileSync(path, body);
  return path;
}

describe("a tool that is absent, broken or misbehaving", () => {
  it.each(SOURCES.map((s) => [s.name, s.tool]))("%s: an absent library becomes an error finding for %s, not a crash", async (name, tool) => {
    const home = testdir();
    const { report, markdown } = await composeAudit({
      hermesHome: home, env: {}, now: NOV, include: [name],
      load: (pkg) => import(join(home, "no-such-dir", `${pkg.replace("/", "_")}.mjs`)),
    });
    expect(report.findings).toEqual([expect.objectContaining({ id: tool, status: "error", message: expect.stringMatching(/^TOOL_UNAVAILABLE: cannot load @wizard-council\//) })]);
    expect(report.status).toBe("fail");
    expect(markdown).toContain(`### ${tool}\n\n- 🛑 error · tool-error — ${tool} could not run: TOOL\\_UNAVAILABLE: cannot load`);
    expect(validateReport(report, schemaPath).errors).toBe("");
  });

  it.each([
    ["throws while loading", 'throw new Error("import-time kaboom");', "TOOL_UNAVAILABLE: cannot load @wizard-council/skills-audit: import-time kaboom"],
    ["lacks the agreed function", "export const other = 1;", "TOOL_API_MISSING: @wizard-council/skills-audit does not export auditSkills()"],
    ["throws when run", 'export async function auditSkills() { throw new Error("run-time kaboom"); }', "TOOL_FAILED: skills-audit threw: run-time kaboom"],
    ["returns something else", "export async function auditSkills() { return { hello: 1 }; }", "TOOL_BAD_REPORT: @wizard-council/skills-audit returned something that is not a report envelope"],
  ])("a library that %s is that tool's error", async (_name, body, message) => {
    const home = testdir();
    const file = moduleFile(home, "fake", body);
    const { report } = await composeAudit({ hermesHome: home, env: {}, now: NOV, include: ["skills"], load: () => import(file) });
    expect(report.findings).toEqual([expect.objectContaining({ id: "skills-audit", status: "error", message })]);
  });
});

describe("the real tools in-process", () => {
  it("audits a HERMES_HOME with bundled skills installed: one missing, one modified, one outdated", async () => {
    const home = testdir();
    const skills = join(home, "skills");
    cpSync(join(repo, "skills"), skills, { recursive: true });
    rmSync(join(skills, "devops", "cycle-guard-discipline"), { recursive: true });
    writeFileSync(join(skills, "devops", "fleet-sitrep", "SKILL.md"), `${readFileSync(join(skills, "devops", "fleet-sitrep", "SKILL.md"), "utf8")}\nA local note.\n`);
    const wca = join(skills, "devops", "wizard-council-automation", "SKILL.md");
    writeFileSync(wca, readFileSync(wca, "utf8").replace(/^version: 1\.0\.0$/m, "version: 0.9.0"));
    const { report, markdown } = await composeAudit({ hermesHome: home, env: { PATH: process.env.PATH }, now: NOV, offline: true, include: ["skills", "cycles"], load: loadPackage });
    expect(report.findings.map((f) => [f.id, f.status])).toEqual([["skills-audit", "fail"], ["cycle-guard", "skip"]]);
    expect(markdown).toContain("2 installed of 3 audited (1 MISSING · 1 MODIFIED · 1 OUTDATED).");
    expect(markdown).toContain("| devops/fleet-sitrep | fleet-sitrep | MODIFIED |");
    expect(markdown).toContain("| devops/wizard-council-automation | wizard-council-automation | OUTDATED |");
    const doc = JSON.parse(readFileSync(report.data.jsonPath, "utf8"));
    expect(doc.reports[0].findings.filter((f: { status: string }) => f.status === "fail").map((f: { id: string }) => f.id).sort())
      .toEqual(["devops/cycle-guard-discipline", "devops/wizard-council-automation"]);
    expect(doc.skipped).toEqual([{ tool: "cycle-guard", reason: `no cycle journal at ${join(home, "cycle-guard", "journal.jsonl")}` }]);
  });

  it("includes fleet members, SLO figures and cycle stats when the host has a registry, a DB and a journal", async () => {
    const home = testdir();
    const up = await startServer((_req, res) => reply(res, 200, { status: "ok" }));
    closers.push(() => up.close());
    const down = await refusedPort();
    writeFileSync(join(home, "fleet.yaml"), `wizards:\n  - name: ezra\n    host: vps-1\n    gateway: { url: ${up.url}/health }\n  - name: bezalel\n    host: vps-2\n    gateway: { url: http://127.0.0.1:${down}/health }\n`);
    const env = cleanEnv({ HERMES_HOME: home, OBSERVATORY_CPU_SAMPLE_MS: "50", OBSERVATORY_API_URL: `http://127.0.0.1:${down}/health`, OBSERVATORY_WEBHOOK_URL: `http://127.0.0.1:${down}/health` });
    const cg = join(repo, "packages", "cycle-guard", "dist", "cli.js");
    expect((await runBin(cg, ["start", "ship the audit"], { env })).code).toBe(0);
    expect((await runBin(cg, ["commit", "--proof", '{"sha":"abc"}'], { env })).code).toBe(0);
    const obs = await runBin(join(repo, "packages", "observatory-check", "dist", "cli.js"), ["check"], { env });
    expect([0, 1]).toContain(obs.code);
    const { report, markdown } = await composeAudit({ hermesHome: home, env, now: new Date(), include: ["fleet", "observatory", "cycles"], load: loadPackage });
    expect(report.findings.map((f) => [f.id, f.status])).toEqual([["fleet-status", "fail"], ["observatory-check", expect.stringMatching(/^(ok|fail)$/)], ["cycle-guard", "ok"]]);
    expect(markdown).toContain("1 of 2 up.");
    expect(markdown).toMatch(/\| ezra \| wizard \| ✅ ok \|/);
    expect(markdown).toMatch(/\| bezalel \| wizard \| ❌ fail \|/);
    expect(markdown).toContain("| gateway\\_uptime\\_pct |");
    expect(markdown).toContain("| committed | 1 |\n| aborted | 0 |\n| commitRate | 100% |");
  });
});

describe("a tool that never finishes", () => {
  it("becomes a TOOL_TIMEOUT error finding and the audit still ends", async () => {
    const home = testdir();
    const file = moduleFile(home, "hang", "export function checkDependencies() { return new Promise(() => {}); }");
    const { report } = await composeAudit({ hermesHome: home, env: {}, now: NOV, include: ["dependencies"], load: () => import(file), sourceTimeoutMs: 300 });
    expect(report.findings).toEqual([expect.objectContaining({ id: "dependency-checker", status: "error", message: "TOOL_TIMEOUT: dependency-checker did not finish within 300 ms" })]);
  });
});
