import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { cleanEnv, parseSingleReport, runBin, startTelegramStub, testdir } from "@wizard-council/kit/testing";
import { afterEach, describe, expect, it } from "vitest";
import { envelope } from "./envelopes.ts";

const bin = new URL("../dist/cli.js", import.meta.url).pathname;
const schema = new URL("../schema/report.schema.json", import.meta.url).pathname;
const TOKEN = "987654:e2e-canary-token-ABC";
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

const ok = envelope("wizard-bootstrap", [{ id: "runtime/node", status: "ok", title: "node v20" }]);
const bad = envelope("skills-audit", [{ id: "devops/a", status: "fail", title: "a is MISSING", fix: "skills-audit --fix" }]);

function run(args: string[], home: string, input?: string, extra: NodeJS.ProcessEnv = {}) {
  return runBin(bin, args, { env: cleanEnv({ HERMES_HOME: home, ...extra }), ...(input !== undefined ? { input } : {}) });
}

describe("monthly-audit --input", () => {
  it.each([
    ["one JSON document", JSON.stringify(ok), 0, ["wizard-bootstrap"]],
    ["a JSON array", JSON.stringify([ok, bad]), 1, ["wizard-bootstrap", "skills-audit"]],
    ["NDJSON (cat a.json b.json)", `${JSON.stringify(ok)}\n${JSON.stringify(bad)}\n`, 1, ["wizard-bootstrap", "skills-audit"]],
  ])("renders %s from stdin", async (_name, input, code, tools) => {
    const home = testdir();
    const r = await run(["--input", "-", "--month", "2026-11"], home, input);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(code);
    const report = parseSingleReport(r.stdout, schema);
    expect(report.findings.map((f: { id: string }) => f.id)).toEqual(tools);
    expect(report.data.reportPath).toBe(join(home, "wizard-council", "audit-2026-11.md"));
    expect(readdirSync(join(home, "wizard-council")).sort()).toEqual(["audit-2026-11.json", "audit-2026-11.md"]);
  });

  it("reads a file given by path and prints the Markdown with --format md", async () => {
    const home = testdir();
    const file = join(home, "in.json");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(file, JSON.stringify(bad));
    const r = await run(["--input", file, "--month", "2026-11", "--format", "md"], home);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(readFileSync(join(home, "wizard-council", "audit-2026-11.md"), "utf8"));
    expect(r.stdout).toContain("## Problems\n\n### skills-audit\n\n- ❌ fail · devops/a — a is MISSING\n  - Fix: skills-audit --fix");
  });

  it("is exit 2 naming the line that is not JSON, writing nothing", async () => {
    const home = testdir();
    const r = await run(["--input", "-"], home, `${JSON.stringify(ok)}\n${JSON.stringify(bad)}\nnot json at all\n`);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^monthly-audit: line 3 of stdin is not JSON \(.*\) \(-\)\n$/);
    const report = parseSingleReport(r.stdout, schema);
    expect(report.error).toMatchObject({ code: "INVALID_INPUT", path: "-" });
    expect(existsSync(join(home, "wizard-council"))).toBe(false);
  });

  it.each([
    [["--input", "/nonexistent/in.json"], "UNREADABLE_INPUT", "monthly-audit: cannot read --input file: ENOENT (/nonexistent/in.json)\n"],
    [["--input", "-", "--month", "2026-13"], "INVALID_ARGUMENT", 'monthly-audit: --month must be YYYY-MM (e.g. 2026-11), got "2026-13"\n'],
    [["--input", "-", "--include", "skills,fleeet"], "INVALID_ARGUMENT", 'monthly-audit: --include: unknown tool "fleeet"; expected some of bootstrap, skills, dependencies, fleet, observatory, cycles\n'],
  ])("%j is exit 2 with %s", async (args, code, stderr) => {
    const r = await run(args, testdir(), JSON.stringify(ok));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(stderr);
    expect(parseSingleReport(r.stdout, schema).error.code).toBe(code);
  });

  it("prints a checklist and the report path with --format text", async () => {
    const home = testdir();
    const r = await run(["--input", "-", "--month", "2026-11", "--format", "text"], home, JSON.stringify([ok, bad]));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe([
      "✓ wizard-bootstrap: ok — 1 ok, 0 warn, 0 fail, 0 error, 0 skip",
      "✗ skills-audit: fail — 0 ok, 0 warn, 1 fail, 0 error, 0 skip",
      `    fix: see the Problems section of ${join(home, "wizard-council", "audit-2026-11.md")}`,
      "",
      "monthly-audit: fail · 1 ok · 1 fail",
      `report: ${join(home, "wizard-council", "audit-2026-11.md")}`,
      "",
    ].join("\n"));
  });

  it("rejects an unknown flag with usage on stderr", async () => {
    const r = await run(["--input", "-", "--fix"], testdir(), JSON.stringify(ok));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("monthly-audit: unknown flag --fix");
  });
});

describe("monthly-audit --post-telegram", () => {
  it("without a token: exit 2 naming the variable, report files still written", async () => {
    const home = testdir();
    const r = await run(["--input", "-", "--month", "2026-11", "--post-telegram"], home, JSON.stringify(ok), { TELEGRAM_CHAT_ID: "1" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("monthly-audit: --post-telegram needs TELEGRAM_BOT_TOKEN in the environment or");
    expect(parseSingleReport(r.stdout, schema).error.code).toBe("TELEGRAM_NOT_CONFIGURED");
    expect(existsSync(join(home, "wizard-council", "audit-2026-11.md"))).toBe(true);
  });

  it("a failed post is exit 1 with an outbox; the next run delivers it first and exits 0", async () => {
    const home = testdir();
    const down = await startTelegramStub(() => ({ status: 500, body: { ok: false, description: "boom" } }));
    closers.push(() => down.close());
    const tgEnv = (url: string) => ({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_CHAT_ID: "42", TELEGRAM_API_BASE: url });
    const first = await run(["--input", "-", "--month", "2026-11", "--post-telegram"], home, JSON.stringify(ok), tgEnv(down.url));
    expect(first.code).toBe(1);
    const r1 = parseSingleReport(first.stdout, schema);
    expect(r1.findings.map((f: { id: string; status: string }) => [f.id, f.status])).toEqual([["wizard-bootstrap", "ok"], ["telegram", "error"]]);
    expect(first.stdout + first.stderr).not.toContain(TOKEN);
    expect(readdirSync(join(home, "wizard-council", "outbox"))).toHaveLength(1);

    const up = await startTelegramStub();
    closers.push(() => up.close());
    const second = await run(["--input", "-", "--month", "2026-11", "--post-telegram"], home, JSON.stringify(ok), tgEnv(up.url));
    expect(second.code).toBe(0);
    expect(up.calls.map((c) => c.method)).toEqual(["sendMessage", "sendDocument", "sendMessage", "sendDocument"]);
    expect(parseSingleReport(second.stdout, schema).data.delivery).toEqual({ ok: true, deliveredFromOutbox: 1, queued: [] });
    expect(readdirSync(join(home, "wizard-council", "outbox"))).toEqual([]);
  });
});

describe("piping the real tools", () => {
  it("skills-audit --json | monthly-audit --input - and cat a.json b.json | monthly-audit --input -", async () => {
    const home = testdir();
    const tools = new URL("../../", import.meta.url).pathname;
    const skills = await runBin(join(tools, "skills-audit", "dist", "cli.js"), ["--json"], { env: cleanEnv({ HERMES_HOME: home }) });
    const deps = await runBin(join(tools, "dependency-checker", "dist", "cli.js"), ["--json"], { env: cleanEnv({ HERMES_HOME: home }) });
    const one = await run(["--input", "-", "--month", "2026-11"], home, skills.stdout);
    expect(one.stderr).toBe("");
    expect(parseSingleReport(one.stdout, schema).findings.map((f: { id: string; status: string }) => [f.id, f.status])).toEqual([["skills-audit", "fail"]]);
    const both = await run(["--input", "-", "--month", "2026-11"], home, skills.stdout + deps.stdout);
    expect(parseSingleReport(both.stdout, schema).findings.map((f: { id: string }) => f.id)).toEqual(["skills-audit", "dependency-checker"]);
    expect(readFileSync(join(home, "wizard-council", "audit-2026-11.md"), "utf8")).toContain("0 installed of 3 audited (3 MISSING).");
  });
});

describe("monthly-audit on a host", () => {
  it("runs every tool in-process on an empty HERMES_HOME with --offline and writes the month's report", async () => {
    const home = testdir();
    const r = await run(["--offline", "--month", "2026-11"], home);
    expect(r.code).toBe(1);
    const report = parseSingleReport(r.stdout, schema);
    expect(report.findings.map((f: { id: string; status: string }) => [f.id, f.status])).toEqual([
      ["wizard-bootstrap", "fail"],
      ["skills-audit", "fail"],
      ["dependency-checker", "ok"],
      ["fleet-status", "skip"],
      ["observatory-check", "skip"],
      ["cycle-guard", "skip"],
    ]);
    expect(report.findings[3].message).toBe("--offline: fleet-status probes the network");
    const md = readFileSync(join(home, "wizard-council", "audit-2026-11.md"), "utf8");
    expect(md).toContain("| fleet-status | ⏭️ skip |   |   |   |   |   | --offline: fleet-status probes the network |");
    expect(md).toContain("0 installed of 3 audited (3 MISSING).");
  });
});
