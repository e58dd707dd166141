import { existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { testdir } from "@wizard-council/kit/testing";
import type { Finding } from "@wizard-council/kit";
import { checkDependencies } from "../src/index.ts";
import { testHost, writeBin, writeSkill } from "./fixtures.ts";

function byId(findings: Finding[]): Record<string, Finding> {
  return Object.fromEntries(findings.map((f) => [f.id, f]));
}

/** A host: HERMES_HOME with a .env, a PATH folder holding fake tools. */
function host() {
  const h = testHost({ git: 'echo "git version 2.39.2"', jq: 'echo "jq-1.6"', node: 'echo "v20.19.1"' });
  return { ...h, env: { PATH: h.bin } as NodeJS.ProcessEnv };
}

describe("checkDependencies", () => {
  it("checks binaries, versions, env vars (env and .env) and credential files, naming each source field", async () => {
    const h = host();
    writeFileSync(join(h.hermesHome, ".env"), "FROM_DOTENV=dotenv-secret-value\nEMPTY=\n");
    writeFileSync(join(h.hermesHome, "gitea_token"), "t");
    writeSkill(h.skills, "devops/good", [
      "dependencies:",
      "  binaries: [git, { name: jq, version: '>=1.6' }]",
      "  env_vars: [FROM_ENV, { name: EMPTY, optional: true }]",
      "prerequisites:",
      "  commands: [git]",
      "required_environment_variables:",
      "  - { name: FROM_DOTENV, prompt: 'p' }",
      "required_credential_files:",
      "  - { path: gitea_token, description: d }",
    ].join("\n"));
    const report = await checkDependencies({ hermesHome: h.hermesHome, env: { ...h.env, FROM_ENV: "env-secret-value" }, now: new Date("2026-11-21T03:00:00Z") });
    expect(report.status).toBe("warn");
    expect(report.generatedAt).toBe("2026-11-21T03:00:00.000Z");
    const f = report.findings[0]!;
    expect(f.id).toBe("devops/good");
    expect(f.status).toBe("warn");
    expect(f.title).toBe("devops/good: optional env var EMPTY missing");
    expect(f.data!.requirements).toEqual([
      { kind: "binary", name: "git", source_field: "dependencies.binaries, prerequisites.commands", optional: false, checked: true, satisfied: true, resolved_path: join(h.bin, "git"), detail: "found on PATH" },
      { kind: "binary", name: "jq", source_field: "dependencies.binaries", optional: false, checked: true, version_range: ">=1.6", satisfied: true, resolved_path: join(h.bin, "jq"), version: "1.6.0", detail: "version 1.6.0 satisfies >=1.6" },
      { kind: "env", name: "FROM_ENV", source_field: "dependencies.env_vars", optional: false, checked: true, satisfied: true, env_source: "env", detail: "set in the environment" },
      { kind: "env", name: "EMPTY", source_field: "dependencies.env_vars", optional: true, checked: true, satisfied: false, detail: "not set (or empty) in the environment or $HERMES_HOME/.env" },
      { kind: "env", name: "FROM_DOTENV", source_field: "required_environment_variables", optional: false, checked: true, satisfied: true, env_source: "dotenv", detail: "set in $HERMES_HOME/.env" },
      { kind: "credential_file", name: "gitea_token", source_field: "required_credential_files", optional: false, checked: true, satisfied: true, resolved_path: join(h.hermesHome, "gitea_token"), detail: `found at ${join(h.hermesHome, "gitea_token")}` },
    ]);
    expect(JSON.stringify(report)).not.toMatch(/secret-value/);
  });

  it("fails a skill whose required binary is missing or too old, and names both", async () => {
    const h = host();
    writeSkill(h.skills, "devops/old", "dependencies:\n  binaries: [{ name: node, version: '>=22' }, gh]");
    const report = await checkDependencies({ hermesHome: h.hermesHome, env: h.env });
    const f = report.findings[0]!;
    expect(report.status).toBe("fail");
    expect(f.status).toBe("fail");
    expect(f.title).toBe("devops/old: missing binary node, binary gh");
    expect(f.message).toBe("binary node (dependencies.binaries): version 20.19.1 found, wants >=22; binary gh (dependencies.binaries): gh is not on PATH");
    expect(f.fix).toBe("install node, gh (or upgrade to the wanted version) so it is on PATH");
  });

  it("probes each binary's --version once per run however many skills ask", async () => {
    const h = host();
    for (let i = 0; i < 20; i++) writeSkill(h.skills, `cat/s${i}`, "dependencies:\n  binaries: [{ name: node, version: '>=18' }, { name: jq, version: '>=1.5' }, git]");
    const report = await checkDependencies({ hermesHome: h.hermesHome, env: h.env });
    expect(report.summary).toEqual({ ok: 20, warn: 0, fail: 0, error: 0, skip: 0 });
    expect(report.data.versionProbes).toBe(2);
  });

  it("reads frontmatter outside the fast YAML subset with the full parser, and ranges semver-lite does not cover with semver", async () => {
    const h = host();
    writeBin(h.bin, "tool", 'echo "tool version 5"');
    writeSkill(h.skills, "cat/folded", "", { raw: "---\nname: folded\ndescription: >-\n  a folded\n  description\ndependencies:\n  binaries:\n    - name: git\n      version: ^2.30\n    - { name: tool, version: '>=4.1' }\n---\n" });
    writeSkill(h.skills, "cat/plain", "dependencies:\n  binaries: [{ name: node, version: '~20.19' }, { name: jq, version: '>=1.7' }]");
    const report = byId((await checkDependencies({ hermesHome: h.hermesHome, env: h.env })).findings);
    expect(report["cat/folded"]!.status).toBe("ok");
    expect((report["cat/folded"]!.data!.requirements as { detail: string }[]).map((r) => r.detail)).toEqual(["version 2.39.2 satisfies ^2.30", "version 5.0.0 satisfies >=4.1"]);
    expect(report["cat/plain"]!.message).toBe("binary jq (dependencies.binaries): version 1.6.0 found, wants >=1.7");
    expect((report["cat/plain"]!.data!.requirements as { detail: string }[])[0]!.detail).toBe("version 20.19.1 satisfies ~20.19");
  });

  it("probes more binaries than run at once while a long list of skills is read", async () => {
    const h = host();
    const names = Array.from({ length: 12 }, (_, i) => `tool${i}`);
    for (const [i, n] of names.entries()) writeBin(h.bin, n, `echo "${n} ${i + 1}.0.0"`);
    for (let i = 0; i < 250; i++) writeSkill(h.skills, `cat/s${i}`, `dependencies:\n  binaries: [{ name: ${names[i % 12]}, version: '>=${(i % 12) + 1}' }]`);
    const report = await checkDependencies({ hermesHome: h.hermesHome, env: h.env });
    expect(report.summary).toEqual({ ok: 250, warn: 0, fail: 0, error: 0, skip: 0 });
    expect(report.data.versionProbes).toBe(12);
    const s7 = report.findings.find((f) => f.id === "cat/s7")!;
    expect((s7.data!.requirements as { detail: string }[])[0]!.detail).toBe("version 8.0.0 satisfies >=8");
  });

  it("is an error (not a fail) when a --version cannot be read", async () => {
    const h = host();
    writeBin(h.bin, "hangs", "exec /bin/sleep 60");
    writeSkill(h.skills, "cat/slow", "dependencies:\n  binaries: [{ name: hangs, version: '>=1' }]");
    writeSkill(h.skills, "cat/badrange", "dependencies:\n  binaries: [{ name: git, version: 'latest please' }]");
    const report = byId((await checkDependencies({ hermesHome: h.hermesHome, env: h.env, versionTimeoutMs: 300 })).findings);
    expect(report["cat/slow"]!.status).toBe("error");
    expect(report["cat/slow"]!.message).toBe(`binary hangs (dependencies.binaries): ${join(h.bin, "hangs")}: --version did not finish within 300 ms`);
    expect(report["cat/badrange"]!.status).toBe("error");
    expect(report["cat/badrange"]!.message).toBe('binary git (dependencies.binaries): dependencies.binaries: version "latest please" of git is not a valid semver range');
  });

  it("skips skills gated to another platform", async () => {
    const h = host();
    writeSkill(h.skills, "mac/only", "platforms: [macos]\ndependencies:\n  binaries: [brew]");
    writeSkill(h.skills, "linux/too", "platforms: [linux, macos]");
    const linux = byId((await checkDependencies({ hermesHome: h.hermesHome, env: h.env, platform: "linux" })).findings);
    expect(linux["mac/only"]).toMatchObject({ status: "skip", title: "mac/only: not for linux" });
    expect(linux["linux/too"]!.status).toBe("ok");
    const mac = byId((await checkDependencies({ hermesHome: h.hermesHome, env: h.env, platform: "macos" })).findings);
    expect(mac["mac/only"]).toMatchObject({ status: "fail", title: "mac/only: missing binary brew" });
  });

  it("reads several skills dirs (first wins on the same id) and the env path list", async () => {
    const h = host();
    const extra = join(h.root, "repo-skills");
    writeSkill(h.skills, "devops/a", "");
    writeSkill(extra, "devops/a", "dependencies:\n  binaries: [gh]");
    writeSkill(extra, "devops/b", "");
    const report = await checkDependencies({ skillsDirs: [h.skills, extra], hermesHome: h.hermesHome, env: h.env });
    expect(report.findings.map((f) => [f.id, f.status])).toEqual([["devops/a", "ok"], ["devops/b", "ok"]]);
    expect(report.data.shadowed).toEqual([{ id: "devops/a", dir: join(extra, "devops/a") }]);
    const viaEnv = await checkDependencies({ hermesHome: h.hermesHome, env: { ...h.env, DEPENDENCY_CHECKER_SKILLS_DIRS: `${extra}:${h.skills}` } });
    expect(viaEnv.findings.map((f) => [f.id, f.status])).toEqual([["devops/a", "fail"], ["devops/b", "ok"]]);
    expect(viaEnv.data.skillsDirs.map((d) => d.source)).toEqual(["DEPENDENCY_CHECKER_SKILLS_DIRS", "DEPENDENCY_CHECKER_SKILLS_DIRS"]);
  });

  it("keeps finding ids unique when two skills dirs have a problem at the same id", async () => {
    const h = host();
    const extra = join(h.root, "extra");
    mkdirSync(extra);
    symlinkSync("self", join(h.skills, "self"));
    symlinkSync("self", join(extra, "self"));
    const report = await checkDependencies({ skillsDirs: [h.skills, extra], hermesHome: h.hermesHome, env: h.env });
    expect(report.findings.map((f) => [f.id, f.status])).toEqual([["self", "error"]]);
    expect(report.data.shadowed).toEqual([{ id: "self", dir: join(extra, "self") }]);
  });

  it("filters with skills (by id, folder or frontmatter name) and rejects unknown names", async () => {
    const h = host();
    writeSkill(h.skills, "devops/a", "");
    writeSkill(h.skills, "devops/b", "");
    writeSkill(h.skills, "other/c", "");
    const r = await checkDependencies({ hermesHome: h.hermesHome, env: h.env, skills: ["devops/a", "c"] });
    expect(r.findings.map((f) => f.id)).toEqual(["devops/a", "other/c"]);
    await expect(checkDependencies({ hermesHome: h.hermesHome, env: h.env, skills: ["nope"] })).rejects.toMatchObject({ code: "SKILL_NOT_FOUND" });
  });

  it("treats a missing default skills dir as no skills, and a missing given one as an error", async () => {
    const root = testdir();
    const r = await checkDependencies({ hermesHome: join(root, "fresh"), env: { PATH: "" } });
    expect(r.findings).toEqual([]);
    expect(r.status).toBe("ok");
    expect(r.data.skillsDirs).toEqual([{ path: join(root, "fresh", "skills"), source: "default", exists: false }]);
    await expect(checkDependencies({ skillsDirs: [join(root, "nope")], hermesHome: root, env: {} })).rejects.toMatchObject({ code: "SKILLS_DIR_NOT_FOUND", path: join(root, "nope") });
  });
});

describe("hostile and broken skills", () => {
  it("makes each one an error finding naming the field, never runs anything, and still checks the others", async () => {
    const h = host();
    const canary = join(h.root, "canary");
    const s = h.skills;
    writeSkill(s, "ok/good", "dependencies:\n  binaries: [git]");
    writeSkill(s, "bad/rm", "dependencies:\n  binaries: ['rm -rf /', git]");
    writeSkill(s, "bad/subshell", `dependencies:\n  binaries: ['$(touch x)', '$(touch ${canary})', '\`touch ${canary}\`']`);
    writeSkill(s, "bad/traversal", "prerequisites:\n  commands: ['../../bin/sh']");
    writeSkill(s, "bad/js", "", { raw: `---js\nrequire("fs").writeFileSync(${JSON.stringify(canary)}, "pwned"); module.exports = { name: "js" }\n---\nbody\n` });
    writeSkill(s, "bad/yaml", "", { raw: "---\nname: yaml\ndescription: [unclosed\n---\n" });
    writeSkill(s, "bad/bom", "", { raw: "\uFEFF---\nname: bom\ndescription: d\n---\n" });
    writeSkill(s, "ok/crlf", "", { raw: "---\r\nname: crlf\r\ndescription: d\r\ndependencies:\r\n  binaries: [git]\r\n---\r\nbody\r\n" });
    writeSkill(s, "bad/none", "", { raw: "# no frontmatter\n" });
    writeSkill(s, "bad/types", "dependencies:\n  binaries: [git, 42]\n  env_vars: {A: 1}");
    writeSkill(s, "bad/big", "", { raw: `---\nname: big\ndescription: d\n---\n${"x".repeat(10 * 1024 * 1024)}` });
    mkdirSync(join(s, "loop"));
    symlinkSync(join(s, "loop"), join(s, "loop", "again"));
    symlinkSync("self", join(s, "self"));

    const cwd = process.cwd();
    process.chdir(h.root);
    let report;
    try {
      report = await checkDependencies({ hermesHome: h.hermesHome, env: h.env });
    } finally {
      process.chdir(cwd);
    }
    expect(existsSync(canary)).toBe(false);
    expect(existsSync(join(h.root, "x"))).toBe(false);
    const f = byId(report.findings);
    const err = (id: string) => ({ status: f[id]?.status, message: f[id]?.message });
    expect(f["ok/good"]!.status).toBe("ok");
    expect(f["ok/crlf"]!.status).toBe("ok");
    expect(err("bad/rm")).toEqual({ status: "error", message: 'dependencies.binaries[0]: "rm -rf /" is not a plain command name (letters, digits, . _ + - only); it is never run' });
    expect(err("bad/subshell").message).toBe([
      'dependencies.binaries[0]: "$(touch x)" is not a plain command name (letters, digits, . _ + - only); it is never run',
      `dependencies.binaries[1]: ${JSON.stringify(`$(touch ${canary})`.slice(0, 60) + ((`$(touch ${canary})`).length > 60 ? "…" : ""))} is not a plain command name (letters, digits, . _ + - only); it is never run`,
      `dependencies.binaries[2]: ${JSON.stringify(`\`touch ${canary}\``.slice(0, 60) + ((`\`touch ${canary}\``).length > 60 ? "…" : ""))} is not a plain command name (letters, digits, . _ + - only); it is never run`,
    ].join("; "));
    expect(err("bad/traversal")).toEqual({ status: "error", message: 'prerequisites.commands[0]: "../../bin/sh" is not a plain command name (letters, digits, . _ + - only); it is never run' });
    expect(err("bad/js")).toEqual({ status: "error", message: `front matter language "js" is not allowed: only YAML is read, as data (a '---js' block is never evaluated)` });
    expect(f["bad/js"]!.title).toBe("bad/js: invalid frontmatter");
    expect(err("bad/yaml").status).toBe("error");
    expect(err("bad/yaml").message).toMatch(/^frontmatter is not valid YAML at line 4, column 1: Flow sequence/);
    expect(err("bad/bom")).toEqual({ status: "error", message: "SKILL.md starts with a UTF-8 byte order mark (BOM); save it as UTF-8 without BOM" });
    expect(f["bad/bom"]!.title).toBe("bad/bom: invalid BOM");
    expect(err("bad/none")).toEqual({ status: "error", message: "no YAML frontmatter: SKILL.md must start with a '---' line" });
    expect(err("bad/types")).toEqual({ status: "error", message: "dependencies.binaries[1]: expected a string or {name}, got number; dependencies.env_vars: expected a list, got a mapping" });
    expect(err("bad/big")).toEqual({ status: "error", message: `SKILL.md is larger than 1048576 bytes (${10 * 1024 * 1024 + 33} bytes)` });
    expect(err("loop/again")).toEqual({ status: "error", message: `${join(s, "loop/again")}: symlink loop: the link points to a folder that contains it` });
    expect(err("self")).toEqual({ status: "error", message: `${join(s, "self")}: symlink loop: the link resolves to itself` });
    // the valid part of a partly broken skill is still checked
    expect((f["bad/rm"]!.data!.requirements as { name: string; satisfied: boolean }[]).map((r) => [r.name, r.satisfied])).toEqual([["git", true]]);
    expect(report.summary).toEqual({ ok: 2, warn: 0, fail: 0, error: 11, skip: 0 });
  });
});
