import { spawn } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, parseSingleReport, reply, startServer, testdir, type LoopbackServer } from "@wizard-council/kit/testing";
import { binOf, BUNDLED_SKILLS, schemaOf } from "./tools.ts";

// The tools as a user chains them in a shell: real built bins, real pipes, a real temp HERMES_HOME.

let health: LoopbackServer;
beforeAll(async () => {
  health = await startServer((req, res) => (req.url === "/down" ? reply(res, 503, "maintenance") : reply(res, 200, { status: "ok" })));
});
afterAll(() => health.close());

/**
 * Runs a shell pipeline (bash, pipefail) with the tools' bins as shell functions. Asynchronous on
 * purpose: the loopback servers live in this process and must keep answering while it runs.
 */
function sh(script: string, env: NodeJS.ProcessEnv, input?: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const fns = ["cycle-guard", "wizard-bootstrap", "skills-audit", "dependency-checker", "monthly-audit", "fleet-status", "observatory-check"]
    .map((t) => `${t}() { node ${binOf(t as never)} "$@"; }`)
    .join("\n");
  // --norc: Debian's bash sources ~/.bashrc when its stdin is a socket, as Node's pipes are.
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["--norc", "-c", `set -o pipefail\n${fns}\n${script}`], { env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c));
    child.stderr.on("data", (c: Buffer) => (stderr += c));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", reject);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
    child.stdin.end(input ?? "");
  });
}

/** A HERMES_HOME with the bundled skills installed, one of them edited and one missing. */
function hostHome(): string {
  const home = testdir();
  mkdirSync(join(home, "skills"), { recursive: true });
  cpSync(BUNDLED_SKILLS, join(home, "skills"), { recursive: true });
  rmSync(join(home, "skills", "devops", "fleet-sitrep"), { recursive: true });
  writeFileSync(join(home, "skills", "devops", "cycle-guard-discipline", "NOTES.md"), "local edit | with a pipe\n");
  return home;
}

function envFor(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return cleanEnv({
    HERMES_HOME: home,
    SKILLS_AUDIT_SOURCE: BUNDLED_SKILLS,
    OBSERVATORY_API_URL: `${health.url}/health`,
    OBSERVATORY_WEBHOOK_URL: `${health.url}/down`,
    OBSERVATORY_CPU_SAMPLE_MS: "50",
    ...extra,
  });
}

function readAuditJson(home: string, month: string) {
  return JSON.parse(readFileSync(join(home, "wizard-council", `audit-${month}.json`), "utf8"));
}

describe("pipes between the built CLIs", () => {
  it("skills-audit --json | monthly-audit --input - renders the piped report", async () => {
    const home = hostHome();
    const r = await sh("skills-audit --json | monthly-audit --input - --month 2026-11", envFor(home));
    expect(r.stderr).toBe("");
    const audit = parseSingleReport(r.stdout, schemaOf("monthly-audit"));
    expect(audit.findings.map((f: { id: string }) => f.id)).toContain("skills-audit");
    const saved = readAuditJson(home, "2026-11");
    const skills = saved.reports.find((x: { tool: string }) => x.tool === "skills-audit");
    const states = Object.fromEntries(skills.findings.map((f: { id: string; data: { state: string } }) => [f.id, f.data.state]));
    expect(states["devops/fleet-sitrep"]).toBe("MISSING");
    expect(states["devops/cycle-guard-discipline"]).toBe("MODIFIED");
    expect(r.status).toBe(1); // MISSING is a failure, and monthly-audit says so
    const md = readFileSync(join(home, "wizard-council", "audit-2026-11.md"), "utf8");
    expect(md).toContain("devops/fleet-sitrep");
  });

  it("fleet-status --json and observatory-check slo --json concatenated into monthly-audit", async () => {
    const home = hostHome();
    const registry = join(home, "fleet.yaml");
    writeFileSync(registry, `wizards:\n  - name: ezra\n    host: loopback\n    gateway: { url: "${health.url}/health" }\n  - name: bezalel\n    host: loopback\n    gateway: { url: "${health.url}/down" }\n`);
    const env = envFor(home);
    const seeded = await sh("observatory-check check --json >/dev/null; observatory-check check --json >/dev/null; true", env);
    expect(seeded.status).toBe(0);
    const r = await sh(`{ fleet-status --registry ${registry} --json; observatory-check slo --json; } | monthly-audit --input - --month 2026-11`, env);
    const audit = parseSingleReport(r.stdout, schemaOf("monthly-audit"));
    const ids = audit.findings.map((f: { id: string }) => f.id);
    expect(ids).toEqual(expect.arrayContaining(["fleet-status", "observatory-check"]));
    const saved = readAuditJson(home, "2026-11");
    const fleet = saved.reports.find((x: { tool: string }) => x.tool === "fleet-status");
    expect(Object.fromEntries(fleet.findings.map((f: { id: string; status: string }) => [f.id, f.status]))).toMatchObject({ "wizard:ezra": "ok", "wizard:bezalel": "fail" });
    const slo = saved.reports.find((x: { tool: string }) => x.tool === "observatory-check");
    expect(slo.data.slos.map((s: { id: string }) => s.id).sort()).toEqual(["api_server_latency_ms", "gateway_uptime_pct", "webhook_latency_ms"]);
  });

  it("observatory-check --json | cycle-guard commit --proof - stores the report itself as the proof", async () => {
    const home = hostHome();
    const env = envFor(home);
    expect((await sh("cycle-guard start nightly-health --json >/dev/null", env)).status).toBe(0);
    const sentPath = join(home, "sent.json");
    const r = await sh(`observatory-check --json | tee ${sentPath} | cycle-guard commit --proof -`, env);
    // observatory-check exits 1 here (the webhook answers 503); pipefail reports it, the commit still happened.
    expect(r.status).toBe(1);
    const committed = parseSingleReport(r.stdout, schemaOf("cycle-guard"));
    expect(committed.data.cycle.status).toBe("complete");
    const sent = JSON.parse(readFileSync(sentPath, "utf8"));
    const state = JSON.parse(readFileSync(join(home, "cycle-guard", "state.json"), "utf8"));
    expect(state.proof).toEqual(sent);
    expect(state.proof.tool).toBe("observatory-check");
    const journal = readFileSync(join(home, "cycle-guard", "journal.jsonl"), "utf8").trim().split("\n");
    expect(JSON.parse(journal.at(-1)!).proof).toEqual(sent);
  });

  it("NDJSON of several runs (one line each) renders every run", async () => {
    const home = hostHome();
    const env = envFor(home);
    const r = await sh(`{ dependency-checker --skills-dir ${BUNDLED_SKILLS}; skills-audit; wizard-bootstrap --offline --only hermes_home; } | tee ${join(home, "runs.ndjson")} | monthly-audit --input - --month 2026-10`, env);
    const lines = readFileSync(join(home, "runs.ndjson"), "utf8").trim().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => JSON.parse(l).tool)).toEqual(["dependency-checker", "skills-audit", "wizard-bootstrap"]);
    const audit = parseSingleReport(r.stdout, schemaOf("monthly-audit"));
    expect(audit.findings.map((f: { id: string }) => f.id)).toEqual(expect.arrayContaining(["dependency-checker", "skills-audit", "wizard-bootstrap"]));
  });

  it("a line in the stream that is not JSON is exit 2 naming the line", async () => {
    const home = hostHome();
    const r = await sh(`{ skills-audit; echo 'not json'; } | monthly-audit --input -`, envFor(home));
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(/^monthly-audit: .*line 2/);
    expect(parseSingleReport(r.stdout, schemaOf("monthly-audit")).error.code).toMatch(/^[A-Z_]+$/);
  });
});
