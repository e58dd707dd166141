import { existsSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { cleanEnv, parseSingleReport, runBin } from "@wizard-council/kit/testing";
import { testHost, writeSkill } from "./fixtures.ts";

const BIN = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const SCHEMA = fileURLToPath(new URL("../schema/report.schema.json", import.meta.url));
const BUNDLED = fileURLToPath(new URL("../../../skills", import.meta.url));

function host() {
  return testHost({ git: 'echo "git version 2.39.2"' });
}

describe("dependency-checker (built bin)", () => {
  it("exits 0 with a schema-valid report when every requirement is met, reading HERMES_HOME from env", async () => {
    const h = host();
    writeFileSync(join(h.hermesHome, ".env"), "GITEA_TOKEN=canary-token-5f2b9\n");
    writeSkill(h.skills, "devops/ok", "dependencies:\n  binaries: [git]\n  env_vars: [GITEA_TOKEN]");
    const r = await runBin(BIN, [], { env: cleanEnv({ PATH: h.bin, HERMES_HOME: h.hermesHome }) });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const report = parseSingleReport(r.stdout, SCHEMA);
    expect(report.status).toBe("ok");
    expect(report.findings.map((f: { id: string; status: string }) => [f.id, f.status])).toEqual([["devops/ok", "ok"]]);
    expect(report.findings[0].data.requirements[1]).toMatchObject({ name: "GITEA_TOKEN", env_source: "dotenv", satisfied: true });
    expect(r.stdout).not.toContain("canary-token-5f2b9");
  });

  it("exits 1 when a required requirement is unmet and names it", async () => {
    const h = host();
    writeSkill(h.skills, "devops/needs-gh", "dependencies:\n  binaries: [gh, git]");
    const r = await runBin(BIN, ["--hermes-home", h.hermesHome], { env: cleanEnv({ PATH: h.bin }) });
    expect(r.code).toBe(1);
    const report = parseSingleReport(r.stdout, SCHEMA);
    expect(report.findings[0]).toMatchObject({ id: "devops/needs-gh", status: "fail", title: "devops/needs-gh: missing binary gh" });
  });

  it("runs nothing from hostile frontmatter (cwd canary) and keeps checking the rest", async () => {
    const h = host();
    const canary = join(h.root, "canary");
    writeSkill(h.skills, "ok/good", "dependencies:\n  binaries: [git]");
    writeSkill(h.skills, "bad/subshell", "dependencies:\n  binaries: ['$(touch x)', 'rm -rf /', '../../bin/sh']");
    writeSkill(h.skills, "bad/js", "", { raw: `---javascript\nrequire("fs").writeFileSync(${JSON.stringify(canary)}, "x")\n---\n` });
    symlinkSync(h.skills, join(h.skills, "ok", "loop"));
    const r = await runBin(BIN, ["--hermes-home", h.hermesHome, "--json"], { env: cleanEnv({ PATH: `${h.bin}:/usr/bin:/bin` }), cwd: h.root });
    expect(r.code).toBe(1);
    expect(existsSync(join(h.root, "x"))).toBe(false);
    expect(existsSync(canary)).toBe(false);
    const report = parseSingleReport(r.stdout, SCHEMA);
    expect(report.findings.map((f: { id: string; status: string }) => [f.id, f.status])).toEqual([
      ["bad/js", "error"], ["bad/subshell", "error"], ["ok/good", "ok"], ["ok/loop", "error"],
    ]);
    expect(report.findings[1].data.errors.map((e: { field: string }) => e.field)).toEqual(["dependencies.binaries[0]", "dependencies.binaries[1]", "dependencies.binaries[2]"]);
  });

  it("accepts repeated --skills-dir and --skill, and the env path list", async () => {
    const h = host();
    const extra = join(h.root, "extra");
    writeSkill(h.skills, "a/one", "");
    writeSkill(extra, "b/two", "");
    writeSkill(extra, "b/three", "");
    const r = await runBin(BIN, ["--skills-dir", h.skills, "--skills-dir", extra, "--skill", "one", "--skill=b/three"], { env: cleanEnv({ PATH: h.bin, HERMES_HOME: h.hermesHome }) });
    expect(r.code).toBe(0);
    expect(parseSingleReport(r.stdout, SCHEMA).findings.map((f: { id: string }) => f.id)).toEqual(["a/one", "b/three"]);
    const viaEnv = await runBin(BIN, [], { env: cleanEnv({ PATH: h.bin, HERMES_HOME: h.hermesHome, DEPENDENCY_CHECKER_SKILLS_DIRS: extra }) });
    expect(parseSingleReport(viaEnv.stdout, SCHEMA).findings.map((f: { id: string }) => f.id)).toEqual(["b/three", "b/two"]);
  });

  it.each([
    [["--platform", "beos"], "INVALID_ARGUMENT", 'dependency-checker: --platform must be auto, linux, macos or windows, got "beos"'],
    [["--skills-dir", "/nonexistent/skills-dir"], "SKILLS_DIR_NOT_FOUND", "dependency-checker: skills dir does not exist or is not a directory (from --skills-dir) (/nonexistent/skills-dir)"],
    [["--skill", "nope"], "SKILL_NOT_FOUND", undefined],
    [["--version-timeout", "soon"], "INVALID_ARGUMENT", 'dependency-checker: --version-timeout must be a whole number, got "soon"'],
    [["--bogus"], "UNKNOWN_FLAG", undefined],
  ])("exits 2 on %j with %s", async (args, code, line) => {
    const h = host();
    writeSkill(h.skills, "a/one", "");
    const r = await runBin(BIN, [...args, "--json"], { env: cleanEnv({ PATH: h.bin, HERMES_HOME: h.hermesHome }) });
    expect(r.code).toBe(2);
    const report = parseSingleReport(r.stdout, SCHEMA);
    expect(report.error.code).toBe(code);
    const lastLine = r.stderr.trim().split("\n").pop();
    if (line) expect(lastLine).toBe(line);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("checks the bundled skills: schema-valid, every finding about a real skill, no frontmatter errors", async () => {
    const h = host();
    const r = await runBin(BIN, ["--skills-dir", BUNDLED, "--platform", "linux"], { env: cleanEnv({ PATH: h.bin, HERMES_HOME: h.hermesHome }) });
    const report = parseSingleReport(r.stdout, SCHEMA);
    const ids = report.findings.map((f: { id: string }) => f.id);
    expect(ids).toEqual(expect.arrayContaining(["devops/cycle-guard-discipline", "devops/fleet-sitrep", "devops/wizard-council-automation"]));
    for (const f of report.findings) expect(f.data.errors).toEqual([]);
    // node is not on this PATH, so every bundled skill (all need node) fails, and the exit code says so.
    expect(r.code).toBe(1);
  });

  it("keeps its cache under HERMES_HOME by default (same report warm as cold), and none with --no-cache", async () => {
    const h = host();
    writeSkill(h.skills, "devops/ok", "dependencies:\n  binaries: [{ name: git, version: '>=2' }]");
    const env = cleanEnv({ PATH: h.bin, HERMES_HOME: h.hermesHome });
    const cacheFile = join(h.hermesHome, "wizard-council", "cache", "dependency-checker.json");
    const none = await runBin(BIN, ["--no-cache"], { env });
    expect(none.code).toBe(0);
    expect(existsSync(cacheFile)).toBe(false);
    const cold = await runBin(BIN, [], { env });
    expect(existsSync(cacheFile)).toBe(true);
    const warm = await runBin(BIN, [], { env });
    const strip = (out: string) => ({ ...parseSingleReport(out, SCHEMA), generatedAt: "", data: { ...parseSingleReport(out, SCHEMA).data, versionProbes: 0 } });
    expect(strip(warm.stdout)).toEqual(strip(cold.stdout));
    expect([parseSingleReport(cold.stdout, SCHEMA).data.versionProbes, parseSingleReport(warm.stdout, SCHEMA).data.versionProbes]).toEqual([1, 0]);
    // A replayed run's text view is built from the replayed findings.
    const text = await runBin(BIN, ["--format", "text"], { env });
    expect([text.code, text.stdout]).toEqual([0, "✓ devops/ok: all 1 requirement met\n\ndependency-checker: ok · 1 ok\n"]);
    const elsewhere = join(h.root, "c.json");
    await runBin(BIN, ["--cache-file", elsewhere], { env: { ...env, DEPENDENCY_CHECKER_CACHE: "off" } });
    expect(existsSync(elsewhere)).toBe(false);
    await runBin(BIN, ["--cache-file", elsewhere], { env });
    expect(existsSync(elsewhere)).toBe(true);
  });

  it("runs side by side on one cache file: every report is right, and the file left behind is whole", async () => {
    const h = host();
    for (let i = 0; i < 40; i++) writeSkill(h.skills, `cat/s${i}`, `dependencies:\n  binaries: [git, { name: git, version: '>=2' }, missing-${i}]\n  env_vars: [E${i}]`);
    const env = cleanEnv({ PATH: h.bin, HERMES_HOME: h.hermesHome, E3: "x" });
    const strip = (out: string) => ({ ...parseSingleReport(out, SCHEMA), generatedAt: "", data: { ...parseSingleReport(out, SCHEMA).data, versionProbes: 0 } });
    const expected = strip((await runBin(BIN, ["--no-cache"], { env })).stdout);
    // Two waves of six: the first all start without a cache, the second replay what the first left.
    for (let wave = 0; wave < 2; wave++) {
      const runs = await Promise.all(Array.from({ length: 6 }, () => runBin(BIN, [], { env })));
      for (const r of runs) {
        expect([r.code, r.stderr]).toEqual([1, ""]);
        expect(strip(r.stdout)).toEqual(expected);
      }
    }
    expect(readFileSync(h.cache, "utf8")).toMatch(/^dependency-checker-cache@4\t.*\nM\t\{.*\nR\t\[.*\]\n$/s);
  });

  it("keeps yaml, semver and node:crypto out of what every run loads (they are imported only when needed)", () => {
    const dist = fileURLToPath(new URL("../dist/", import.meta.url));
    const loaded = new Set<string>();
    const visit = (file: string) => {
      if (loaded.has(file)) return;
      loaded.add(file);
      // static imports, with bindings (`from "./x.js"`) or for side effects only (`import "./x.js"`)
      for (const m of readFileSync(join(dist, file), "utf8").matchAll(/(?:from|^import) "\.\/([\w.-]+\.js)"/gm)) visit(m[1]!);
    };
    visit("cli.js");
    // The check command itself is imported by every run.
    const check = /import\("\.\/(check-[\w-]+\.js)"\)/.exec(readFileSync(join(dist, "cli.js"), "utf8"))![1]!;
    visit(check);
    const code = [...loaded].map((f) => readFileSync(join(dist, f), "utf8")).join("\n");
    expect(code).toContain("function checkDependencies");
    expect(code).not.toMatch(/class YAMLParseError|YAMLParseError = class/);
    expect(code).not.toContain("SEMVER_SPEC_VERSION");
    expect(code).not.toMatch(/from "(node:)?crypto"/);
    // child_process (with net and dgram) is loaded by the first --version probe, which a warm run may not need.
    expect(code).not.toMatch(/from "(node:)?child_process"/);
  });

  it("prints a text checklist with --format text", async () => {
    const h = host();
    writeSkill(h.skills, "a/one", "dependencies:\n  binaries: [git]");
    const r = await runBin(BIN, ["--format", "text"], { env: cleanEnv({ PATH: h.bin, HERMES_HOME: h.hermesHome }) });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("✓ a/one: all 1 requirement met\n\ndependency-checker: ok · 1 ok\n");
  });
});
