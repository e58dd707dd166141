import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseSingleReport, runBin } from "@wizard-council/kit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditSkills, type AuditOptions } from "../src/index.ts";
import { cacheFileFor, RACY_MS } from "../src/fingerprint-cache.ts";
import { BIN, binEnv, put, SCHEMA, skill, treeDigest } from "./trees.ts";

// Fingerprints are cached only for files that last changed more than RACY_MS before the audit
// began, so every scenario's trees are made first, then aged once, in beforeAll.
const made: string[] = [];
const HOUR_AGO = Math.floor(Date.now() / 1000) - 3600;

/** A scenario: source and target with a few equal skills (one with a subfolder), and an existing HERMES_HOME. */
function scenario() {
  const root = mkdtempSync(join(tmpdir(), "wc-sa-cache-"));
  made.push(root);
  const source = join(root, "source");
  const target = join(root, "target");
  const home = join(root, "home");
  mkdirSync(home);
  for (const side of [source, target]) {
    skill(side, "ops/one", { version: "1.0.0", files: { "notes.md": "aaaa", "ref/deep.md": "deep" } });
    skill(side, "ops/two", { version: "1.0.0", files: { "b.md": "b" } });
    // Whole seconds, so that a test can set them back exactly: then only the ctime tells.
    utimesSync(join(side, "ops/one/notes.md"), HOUR_AGO, HOUR_AGO);
  }
  return { root, source, target, home, cacheDir: join(home, "wizard-council", "cache", "skills-audit") };
}

type Scenario = ReturnType<typeof scenario>;
const NOW = new Date("2026-11-21T03:00:00.000Z");
const audit = (s: Scenario, extra: AuditOptions = {}) => auditSkills({ source: s.source, target: s.target, hermesHome: s.home, env: {}, now: NOW, cache: true, ...extra });
const states = (r: Awaited<ReturnType<typeof auditSkills>>) => Object.fromEntries(r.findings.map((f) => [f.id, (f.data as { state: string }).state]));
/** The records of a cache file (whatever build wrote it): skill folder → fields. */
const records = (file: string) => new Map(readFileSync(file, "utf8").split("\0\0").slice(1, -1).map((r) => [r.split("\0")[0]!, r.split("\0")]));
/** The report as it would be without any cache, to compare with. */
const uncached = async (s: Scenario) => strip(await audit(s, { cache: false }));
const strip = (r: object) => JSON.parse(JSON.stringify(r, (k, v) => (k === "generatedAt" ? undefined : v)));

const changes: [string, (t: string) => void, string][] = [
  ["a same-size edit, with the mtime set back", (t) => {
    const f = join(t, "ops/one/notes.md");
    writeFileSync(f, "abcd");
    utimesSync(f, HOUR_AGO, HOUR_AGO);
    expect(statSync(f, { bigint: true }).mtimeNs).toBe(BigInt(HOUR_AGO) * 1_000_000_000n);
  }, "MODIFIED"],
  ["a file added in a subfolder", (t) => put(t, "ops/one/ref/new.md", "new"), "MODIFIED"],
  ["a file removed", (t) => unlinkSync(join(t, "ops/one/ref/deep.md")), "MODIFIED"],
  ["a file replaced by another inode with the same size and times", (t) => {
    const f = join(t, "ops/one/notes.md");
    writeFileSync(`${f}.new`, "aaab");
    utimesSync(`${f}.new`, HOUR_AGO, HOUR_AGO);
    renameSync(`${f}.new`, f);
  }, "MODIFIED"],
  ["a subfolder added", (t) => put(t, "ops/one/extra/x.md", "x"), "MODIFIED"],
  // SKILL.md's stamp is discovery's lstat of it, not one taken by the stamp check.
  ["a same-size edit of SKILL.md, with the mtime set back", (t) => {
    const f = join(t, "ops/one/SKILL.md");
    const before = readFileSync(f, "utf8");
    const after = `${before.slice(0, -2)}${before.at(-2) === "x" ? "y" : "x"}\n`;
    expect(after.length).toBe(before.length);
    writeFileSync(f, after);
    utimesSync(f, HOUR_AGO, HOUR_AGO);
  }, "MODIFIED"],
  ["SKILL.md replaced by another inode with the same bytes changed", (t) => {
    const f = join(t, "ops/one/SKILL.md");
    writeFileSync(`${f}.new`, readFileSync(f, "utf8").replace("1.0.0", "1.0.1"));
    renameSync(`${f}.new`, f);
  }, "MODIFIED"],
  ["junk added (the hermes fingerprint changes, the verdict does not)", (t) => put(t, "ops/one/.DS_Store", "junk"), "OK"],
];

const S: Record<string, Scenario> = {};
beforeAll(async () => {
  for (const name of ["reuse", "fresh", "corrupt", "switches", "inside", "links", "bin", "elsewhere", ...changes.map(([n]) => n)]) S[name] = scenario();
  symlinkSync("notes.md", join(S.links!.source, "ops/one/alias.md"));
  await new Promise((r) => setTimeout(r, RACY_MS + 200));
});
afterAll(() => {
  for (const root of made) rmSync(root, { recursive: true, force: true });
});

describe("the fingerprint cache", () => {
  it("is written under HERMES_HOME, then used: a record's fingerprint is what the next audit reports", async () => {
    const s = S.reuse!;
    const first = await audit(s);
    expect(strip(first)).toEqual(await uncached(s));
    const file = cacheFileFor(s.cacheDir, s.target);
    expect([...records(file).keys()].sort()).toEqual([join(s.target, "ops/one"), join(s.target, "ops/two")]);
    expect(records(cacheFileFor(s.cacheDir, s.source)).size).toBe(2);
    // Doctor the target's record of ops/two: if the next audit believes it, the cache was used.
    const text = readFileSync(file, "utf8");
    const fields = records(file).get(join(s.target, "ops/two"))!;
    writeFileSync(file, text.replace(fields.join("\0"), [fields[0], "0".repeat(32), "0".repeat(32), ...fields.slice(3)].join("\0")));
    expect(states(await audit(s))).toEqual({ "ops/one": "OK", "ops/two": "MODIFIED" });
    // --fix and --dry-run never trust it.
    expect(states(await audit(s, { dryRun: true, fix: true }))).toEqual({ "ops/one": "OK", "ops/two": "OK" });
    expect(readFileSync(file, "utf8")).toBe(text.replace(fields.join("\0"), [fields[0], "0".repeat(32), "0".repeat(32), ...fields.slice(3)].join("\0")));
  });

  it.each(changes)("notices %s", async (name, change, state) => {
    const s = S[name]!;
    await audit(s);
    expect(records(cacheFileFor(s.cacheDir, s.target)).size).toBe(2);
    change(s.target);
    const report = await audit(s);
    expect(states(report)["ops/one"]).toBe(state);
    expect(strip(report)).toEqual(await uncached(s));
  });

  it("does not cache what changed just before the audit (racily clean)", async () => {
    const s = S.fresh!;
    put(s.target, "ops/two/b.md", "c");
    await audit(s);
    expect([...records(cacheFileFor(s.cacheDir, s.target)).keys()]).toEqual([join(s.target, "ops/one")]);
  });

  it.each([
    ["truncated", (t: string) => t.slice(0, t.length / 2)],
    ["garbage", () => "\u0000\u0001not a cache\u0000\u0000"],
    ["written by another build", (t: string) => t.replace(/^([^\0]*)\0[^\0]*/, "$1\0another-build")],
    ["with a damaged record", (t: string) => t.replace(/\0(\d+)\0/, "\0x\0")],
  ])("a %s cache is ignored and rewritten", async (_, damage) => {
    const s = S.corrupt!;
    await audit(s);
    const file = cacheFileFor(s.cacheDir, s.target);
    const good = readFileSync(file, "utf8");
    writeFileSync(file, damage(good));
    expect(strip(await audit(s))).toEqual(await uncached(s));
    expect(readFileSync(file, "utf8")).toBe(good);
  });

  it("an unreadable cache (a folder in its place) changes nothing but speed", async () => {
    const s = S.corrupt!;
    const file = cacheFileFor(s.cacheDir, s.source);
    rmSync(file, { force: true });
    mkdirSync(file);
    expect(strip(await audit(s))).toEqual(await uncached(s));
    expect(statSync(file).isDirectory()).toBe(true);
    rmSync(file, { recursive: true });
  });

  it("is off by default in the library, with SKILLS_AUDIT_CACHE=off, without a HERMES_HOME folder, and for --fix", async () => {
    const s = S.switches!;
    await auditSkills({ source: s.source, target: s.target, hermesHome: s.home, env: {}, now: NOW });
    await audit(s, { env: { SKILLS_AUDIT_CACHE: "off" } });
    await audit(s, { env: { SKILLS_AUDIT_CACHE: "0" } });
    await audit(s, { fix: true });
    expect(existsSync(s.cacheDir)).toBe(false);
    await audit(s, { hermesHome: join(s.root, "no-such-home") });
    expect(existsSync(join(s.root, "no-such-home"))).toBe(false);
    await audit(s, { env: { SKILLS_AUDIT_CACHE: "on" } });
    expect(readdirSync(s.cacheDir)).toHaveLength(2);
  });

  it("is never written into a skills root", async () => {
    const s = S.inside!;
    const before = treeDigest(s.target);
    // HERMES_HOME is the target itself: its cache folder would be inside it.
    await audit(s, { hermesHome: s.target });
    expect(treeDigest(s.target)).toBe(before);
  });

  it("never caches a skill holding a symlink (what it resolves to can change unseen)", async () => {
    const s = S.links!;
    expect(strip(await audit(s))).toEqual(await uncached(s));
    expect([...records(cacheFileFor(s.cacheDir, s.source)).keys()]).toEqual([join(s.source, "ops/two")]);
  });

  it("the CLI keeps it by default, and --no-cache or SKILLS_AUDIT_CACHE=off turn it off", async () => {
    const s = S.bin!;
    const env = binEnv(s.root, { HERMES_HOME: s.home });
    const args = ["--source", s.source, "--target", s.target];
    const off = await runBin(BIN, [...args, "--no-cache"], { env });
    await runBin(BIN, args, { env: { ...env, SKILLS_AUDIT_CACHE: "no" } });
    expect(existsSync(s.cacheDir)).toBe(false);
    const cold = await runBin(BIN, args, { env });
    expect(records(cacheFileFor(s.cacheDir, s.target)).size).toBe(2);
    const warm = await runBin(BIN, args, { env });
    for (const r of [off, cold, warm]) expect(r.code).toBe(0);
    const [a, b, c] = [off, cold, warm].map((r) => strip(parseSingleReport(r.stdout, SCHEMA)));
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });

  it("lives where --cache-dir or SKILLS_AUDIT_CACHE_DIR say, even without a HERMES_HOME folder, but never inside a skills root", async () => {
    const s = S.elsewhere!;
    const noHome = join(s.root, "no-such-home");
    const viaOption = join(s.root, "cache-a");
    const viaEnv = join(s.root, "cache-b");
    expect(strip(await audit(s, { hermesHome: noHome, cacheDir: viaOption }))).toEqual(await uncached(s));
    expect(records(cacheFileFor(viaOption, s.target)).size).toBe(2);
    await audit(s, { hermesHome: noHome, env: { SKILLS_AUDIT_CACHE_DIR: viaEnv } });
    expect(records(cacheFileFor(viaEnv, s.source)).size).toBe(2);
    // The flag wins over the env var, in the built CLI too.
    const viaFlag = join(s.root, "cache-c");
    const r = await runBin(BIN, ["--source", s.source, "--target", s.target, "--cache-dir", viaFlag], { env: binEnv(s.root, { HERMES_HOME: noHome, SKILLS_AUDIT_CACHE_DIR: viaEnv + "-unused" }) });
    expect(r.code).toBe(0);
    expect(records(cacheFileFor(viaFlag, s.target)).size).toBe(2);
    expect(existsSync(viaEnv + "-unused")).toBe(false);
    expect(existsSync(noHome)).toBe(false);
    const before = treeDigest(s.target);
    await audit(s, { cacheDir: join(s.target, "ops", "cache") });
    expect(treeDigest(s.target)).toBe(before);
  });
});
