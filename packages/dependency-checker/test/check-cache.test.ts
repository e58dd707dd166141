import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Report } from "@wizard-council/kit";
import { checkDependencies, type DependencyReportData } from "../src/index.ts";
import { cacheOption } from "../src/commands/check.ts";
import { testHost, writeBin, writeSkill } from "./fixtures.ts";

/** A host whose `tool` binary counts its --version runs in a file, so a test can tell a probe from a cache hit. */
function host() {
  const h = testHost({ git: 'echo "git version 2.39.2"' });
  const runs = join(h.root, "runs");
  writeBin(h.bin, "tool", `echo x >> ${runs}; echo "tool 2.1.0"`);
  const probes = () => (existsSync(runs) ? readFileSync(runs, "utf8").split("\n").filter(Boolean).length : 0);
  return { ...h, env: { PATH: h.bin } as NodeJS.ProcessEnv, probes };
}

/** The report without what legitimately differs between a cold and a warm run. */
function comparable(r: Report<DependencyReportData>) {
  return { ...r, generatedAt: "", data: { ...r.data, versionProbes: 0 } };
}

describe("the check cache", () => {
  it("answers a second run from the file, exactly as the first run did, without re-probing", async () => {
    const h = host();
    writeSkill(h.skills, "a/one", "dependencies:\n  binaries: [{ name: tool, version: '>=2' }, git, gh]\n  env_vars: [HOME_DIR, { name: NOPE, optional: true }]");
    writeSkill(h.skills, "a/two", "", { raw: "---\nname: two\ndescription: >-\n  folded\ndependencies:\n  binaries: [{ name: tool, version: '^2.1' }]\n---\n" });
    writeSkill(h.skills, "b/broken", "", { raw: "---\nname: [broken\n---\n" });
    writeSkill(h.skills, "b/wrong", "dependencies:\n  binaries: ['rm -rf /']\nplatforms: [linux, macos, windows]");
    const opts = { hermesHome: h.hermesHome, env: { ...h.env, HOME_DIR: "/x" }, cache: true };
    const cold = await checkDependencies(opts);
    expect(h.probes()).toBe(1);
    expect(existsSync(h.cache)).toBe(true);
    const warm = await checkDependencies(opts);
    expect(h.probes()).toBe(1);
    expect(warm.data.versionProbes).toBe(0);
    expect(comparable(warm)).toEqual(comparable(cold));
    expect(JSON.stringify(comparable(warm))).toBe(JSON.stringify(comparable(cold)));
  });

  it("re-reads a SKILL.md changed in place, even to the same size and mtime", async () => {
    const h = host();
    const file = writeSkill(h.skills, "a/one", "dependencies:\n  binaries: [git]");
    const opts = { hermesHome: h.hermesHome, env: h.env, cache: true };
    expect((await checkDependencies(opts)).findings[0]!.status).toBe("ok");
    const before = statSync(file);
    writeFileSync(file, readFileSync(file, "utf8").replace("[git]", "[gix]"));
    utimesSync(file, before.atime, before.mtime);
    expect(statSync(file).size).toBe(before.size);
    const f = (await checkDependencies(opts)).findings[0]!;
    expect([f.status, f.title]).toEqual(["fail", "a/one: missing binary gix"]);
  });

  it("probes again when the binary, the environment or the day changes", async () => {
    const h = host();
    writeSkill(h.skills, "a/one", "dependencies:\n  binaries: [{ name: tool, version: '>=2' }]");
    const at = (iso: string, env = h.env) => checkDependencies({ hermesHome: h.hermesHome, env, cache: true, now: new Date(iso) });
    await at("2026-11-21T00:00:00Z");
    await at("2026-11-21T12:00:00Z");
    expect(h.probes()).toBe(1);
    await at("2026-11-22T12:00:01Z");
    expect(h.probes()).toBe(2);
    await at("2026-11-22T12:00:02Z", { ...h.env, PYENV_VERSION: "3.12" });
    expect(h.probes()).toBe(3);
    // A secret's value is not part of the key (it never enters the file, not even hashed); its name is.
    const withToken = (token: string) => ({ ...h.env, PYENV_VERSION: "3.12", GITEA_TOKEN: token });
    await at("2026-11-22T12:00:02Z", withToken("first-secret-value"));
    expect(h.probes()).toBe(4);
    await at("2026-11-22T12:00:02Z", withToken("second-secret-value"));
    expect(h.probes()).toBe(4);
    writeBin(h.bin, "tool", `echo x >> ${join(h.root, "runs")}; echo "tool 1.0.0"`);
    const r = await at("2026-11-22T12:00:03Z", withToken("second-secret-value"));
    expect(h.probes()).toBe(5);
    expect(r.findings[0]!.message).toBe("binary tool (dependencies.binaries): version 1.0.0 found, wants >=2");
  });

  it.each([
    ["not JSON, not ours", "garbage\u0000{"],
    ["another tool version", "dependency-checker-cache@4\t0.0.1\tCODE\nT\t[]\nS\tPATH\tSTAMP\t[\"one\",null,[],null,[],[]]\n"],
    ["another build of this version", "dependency-checker-cache@4\t0.1.0\t1:2\nT\t[]\nS\tPATH\tSTAMP\t[\"one\",null,[],null,[],[]]\n"],
    ["a malformed requirement", "dependency-checker-cache@4\t0.1.0\tCODE\nT\t[[\"binary\",42]]\nS\tPATH\tSTAMP\t[\"one\",null,[0],null,[],[]]\n"],
    ["an index past the table", "dependency-checker-cache@4\t0.1.0\tCODE\nT\t[]\nS\tPATH\tSTAMP\t[\"one\",null,[7],null,[],[]]\n"],
  ])("ignores a cache file holding %s and rewrites it", async (_label, text) => {
    const h = host();
    const file = writeSkill(h.skills, "a/one", "dependencies:\n  binaries: [git]");
    mkdirSync(join(h.hermesHome, "wizard-council", "cache"), { recursive: true });
    const st = statSync(file);
    const code = statSync(fileURLToPath(new URL("../src/check-cache.ts", import.meta.url)));
    writeFileSync(h.cache, text.replace("PATH", file).replace("STAMP", `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`).replace("CODE", `${code.size}:${code.mtimeMs}`));
    const r = await checkDependencies({ hermesHome: h.hermesHome, env: h.env, cache: true });
    expect(r.findings.map((f) => [f.id, f.title])).toEqual([["a/one", "a/one: all 1 requirement met"]]);
    expect(readFileSync(h.cache, "utf8")).toMatch(/^dependency-checker-cache@4\t0\.1\.0\t\d+:[\d.]+\nT\t\[\["binary","git","dependencies\.binaries",false,null\]\]\nS\t/);
  });

  it("never blocks on a FIFO in the cache file's place", async () => {
    const h = host();
    writeSkill(h.skills, "a/one", "");
    mkdirSync(join(h.hermesHome, "wizard-council", "cache"), { recursive: true });
    execFileSync("mkfifo", [h.cache]);
    const r = await checkDependencies({ hermesHome: h.hermesHome, env: h.env, cache: true });
    expect(r.findings.map((f) => f.status)).toEqual(["ok"]);
  });

  it("writes no secret value, even one a SKILL.md quotes, and keeps the file private", async () => {
    const h = host();
    const secret = "canary-token-7f3a9c";
    writeSkill(h.skills, "a/leaky", `dependencies:\n  binaries: ['${secret} --flag', git]`);
    writeSkill(h.skills, "a/fine", "dependencies:\n  binaries: [git]");
    await checkDependencies({ hermesHome: h.hermesHome, env: { ...h.env, GITEA_TOKEN: secret }, cache: true });
    const text = readFileSync(h.cache, "utf8");
    expect(text).not.toContain(secret);
    expect(text).toContain("/a/fine/SKILL.md");
    expect(statSync(h.cache).mode & 0o777).toBe(0o600);
    expect(statSync(join(h.hermesHome, "wizard-council", "cache")).mode & 0o777).toBe(0o700);
  });

  it("is off in the library unless asked, and the CLI's --no-cache / DEPENDENCY_CHECKER_CACHE=off turn it off", async () => {
    const h = host();
    writeSkill(h.skills, "a/one", "");
    await checkDependencies({ hermesHome: h.hermesHome, env: h.env });
    expect(existsSync(join(h.hermesHome, "wizard-council"))).toBe(false);
    expect(cacheOption({}, {})).toBe(true);
    expect(cacheOption({ cache: false }, {})).toBe(false);
    expect(cacheOption({}, { DEPENDENCY_CHECKER_CACHE: "off" })).toBe(false);
    expect(cacheOption({}, { DEPENDENCY_CHECKER_CACHE_FILE: "/tmp/c.json" })).toBe("/tmp/c.json");
    expect(cacheOption({ "cache-file": "/tmp/d.json" }, { DEPENDENCY_CHECKER_CACHE_FILE: "/tmp/c.json" })).toBe("/tmp/d.json");
  });
});
