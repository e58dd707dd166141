import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { cleanEnv, parseSingleReport, runBin, testdir } from "@wizard-council/kit/testing";
import { describe, expect, it, onTestFinished } from "vitest";
import { auditSkills } from "../src/index.ts";
import { BIN, binEnv, mixedTrees, PKG, put, SCHEMA, skill, treeDigest, unopenableFile } from "./trees.ts";

describe("skills-audit (built bin)", () => {
  it("exit 1 with MISSING findings, then --fix exits 0 and a re-run reports only OK", async () => {
    const root = testdir();
    const source = join(root, "src");
    skill(source, "devops/one");
    skill(source, "devops/two", { files: { "ref.md": "r" } });
    const env = cleanEnv({ HERMES_HOME: join(root, "home") });
    const first = await runBin(BIN, ["--source", source], { env });
    expect([first.code, first.stderr]).toEqual([1, ""]);
    const r1 = parseSingleReport(first.stdout, SCHEMA);
    expect(r1.findings.map((f: { id: string; status: string }) => `${f.id} ${f.status}`)).toEqual(["devops/one fail", "devops/two fail"]);
    expect(r1.data.target).toBe(join(root, "home", "skills"));

    const fixed = await runBin(BIN, ["--source", source, "--fix"], { env });
    expect(fixed.code).toBe(0);
    expect(parseSingleReport(fixed.stdout, SCHEMA).data.actions.map((a: { action: string }) => a.action)).toEqual(["install", "install"]);
    const again = parseSingleReport((await runBin(BIN, ["--source", source], { env })).stdout, SCHEMA);
    expect([again.status, again.summary.ok]).toEqual(["ok", 2]);
    expect(readFileSync(join(root, "home/skills/.bundled_manifest"), "utf8")).toMatch(/^one:[0-9a-f]{32}\ntwo:[0-9a-f]{32}\n$/);
  });

  it("takes the source from SKILLS_AUDIT_SOURCE and the target from --target over HERMES_HOME", async () => {
    const root = testdir();
    skill(join(root, "src"), "c/s");
    const res = await runBin(BIN, ["--target", join(root, "t")], { env: cleanEnv({ SKILLS_AUDIT_SOURCE: join(root, "src"), HERMES_HOME: join(root, "unused") }) });
    const report = parseSingleReport(res.stdout, SCHEMA);
    expect([report.data.source, report.data.sourceFrom, report.data.target]).toEqual([join(root, "src"), "SKILLS_AUDIT_SOURCE", join(root, "t")]);
  });

  it("a missing source is exit 2 with one stderr line naming it and an error envelope", async () => {
    const root = testdir();
    const res = await runBin(BIN, ["--source", join(root, "nope"), "--target", join(root, "t")], { env: binEnv(root) });
    expect(res.code).toBe(2);
    expect(res.stderr).toBe(`skills-audit: skills folder from --source does not exist; expected a directory of <category>/<skill>/SKILL.md (${join(root, "nope")})\n`);
    const report = parseSingleReport(res.stdout, SCHEMA);
    expect(report.error).toEqual({ code: "SOURCE_NOT_FOUND", message: "skills folder from --source does not exist; expected a directory of <category>/<skill>/SKILL.md", path: join(root, "nope") });
  });

  it("an unknown flag is exit 2 and touches nothing", async () => {
    const root = testdir();
    skill(join(root, "src"), "c/s");
    const res = await runBin(BIN, ["--source", join(root, "src"), "--target", join(root, "t"), "--fixx"], { env: binEnv(root) });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("--fixx");
    expect(() => readFileSync(join(root, "t/.bundled_manifest"))).toThrow();
  });

  it("prints the table view with --format text", async () => {
    const root = testdir();
    skill(join(root, "src"), "c/s");
    skill(join(root, "t"), "x/local");
    const res = await runBin(BIN, ["--source", join(root, "src"), "--target", join(root, "t"), "--format", "text"], { env: binEnv(root) });
    expect(res.code).toBe(1);
    expect(res.stdout.split("\n").slice(0, 3)).toEqual([
      "  skill    state    explanation",
      "✗ c/s      MISSING  in the source, not installed in the target, and not recorded as deleted",
      "! x/local  EXTRA    in the target only (a local or hub-installed skill)",
    ]);
    expect(res.stdout).toContain("skills-audit: fail · 1 warn · 1 fail");
  });

  it("--fix --dry-run prints the plan, exits 1 (still MISSING) and leaves the target byte-identical", async () => {
    const root = testdir();
    skill(join(root, "src"), "c/s");
    mkdirSync(join(root, "t"));
    put(join(root, "t"), ".bundled_manifest", "other:abc\n");
    const before = treeDigest(join(root, "t"));
    const res = await runBin(BIN, ["--source", join(root, "src"), "--target", join(root, "t"), "--fix", "--dry-run"], { env: binEnv(root) });
    expect(res.code).toBe(1);
    expect(parseSingleReport(res.stdout, SCHEMA).data.actions).toEqual([{ id: "c/s", name: "s", action: "install", from: "MISSING", done: false }]);
    expect(treeDigest(join(root, "t"))).toBe(before);
  });

  it("the bundled bin reports exactly what the library reports from src/ on every kind of skill", async () => {
    const root = testdir();
    const { source, target } = mixedTrees(root, 300);
    const bad = unopenableFile(join(target, "bulk-2/s2"));
    onTestFinished(bad.remove);
    const res = await runBin(BIN, ["--source", source, "--target", target], { env: binEnv(root) });
    expect([res.code, res.stderr]).toEqual([1, ""]);
    const fromBin = parseSingleReport(res.stdout, SCHEMA);
    const inProcess = JSON.parse(JSON.stringify(await auditSkills({ source, target, env: binEnv(root) })));
    for (const r of [fromBin, inProcess]) delete r.generatedAt;
    expect(fromBin).toEqual(inProcess);
    expect(fromBin.summary).toEqual({ ok: 301, warn: 4, fail: 2, error: 2, skip: 0 });
    expect(fromBin.data.states).toEqual({ OK: 302, MISSING: 1, OUTDATED: 1, MODIFIED: 2, CONVERGED: 0, DELETED: 0, EXTRA: 1 });
  });

  it("--help goes to stdout with exit 0 and names the flags", async () => {
    const res = await runBin(BIN, ["--help"], { env: binEnv(testdir()) });
    expect(res.code).toBe(0);
    for (const flag of ["--source", "--target", "--fix", "--force", "--prune", "--dry-run", "--hermes-home"]) expect(res.stdout).toContain(flag);
  });
});

describe("the bundled source", () => {
  it("defaults to the repo's skills/ (resolved from dist/) and installs every bundled skill", async () => {
    const root = testdir();
    const { readdirSync } = await import("node:fs");
    const repoSkills = join(PKG, "..", "..", "skills");
    const expected = readdirSync(repoSkills).flatMap((c) => readdirSync(join(repoSkills, c)).map((s) => `${c}/${s}`)).sort();
    const res = await runBin(BIN, ["--fix"], { env: cleanEnv({ HERMES_HOME: join(root, "home") }) });
    const report = parseSingleReport(res.stdout, SCHEMA);
    expect([res.code, report.data.sourceFrom, report.data.source]).toEqual([0, "bundled", repoSkills]);
    expect(report.findings.map((f: { id: string; status: string }) => `${f.id} ${f.status}`)).toEqual(expected.map((id) => `${id} ok`));
    expect(expected).toContain("devops/fleet-sitrep");
  });
});
