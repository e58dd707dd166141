import { chmodSync, mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Report } from "@wizard-council/kit";
import { checkDependencies, checkDependenciesAsJson, type CheckDependenciesOptions, type DependencyReportData } from "../src/index.ts";
import { testHost, writeBin, writeSkill } from "./fixtures.ts";

// The report memo (report-memo.ts) prints the last run's findings again when nothing they depend
// on changed. Each test below primes it, then marks the memo (a same-length edit of its text that
// keeps the JSON valid), changes one thing, and asserts the next run equals a fresh uncached run:
// a memo replayed when it should not be shows the mark and fails.

const MARK_FROM = "requirements met";
const MARK_TO = "requirements MET";

/** A host with four skills; `ranges: false` leaves out version ranges (no `--version` answer, so nothing else depends on the environment). */
function host({ ranges = true } = {}) {
  const { root, hermesHome, bin, skills, cache } = testHost({ git: 'echo "git version 2.39.2"', jq: 'echo "jq-1.6"' });
  writeSkill(skills, "a/base", `dependencies:\n  binaries: [git, ${ranges ? "{ name: jq, version: '>=1.6' }, { name: git, version: '^2' }" : "jq"}]\n  env_vars: [HOME_DIR]`);
  writeSkill(skills, "a/env", "dependencies:\n  env_vars: [FROM_DOTENV, { name: MAYBE, optional: true }]");
  writeSkill(skills, "b/tools", "dependencies:\n  binaries: [gh, { name: rg, optional: true }]\nrequired_credential_files:\n  - { path: gitea_token, description: token }");
  writeSkill(skills, "b/mac", "platforms: [macos]\ndependencies:\n  binaries: [brew]");
  writeFileSync(join(hermesHome, ".env"), "FROM_DOTENV=some-value\n");
  const opts: CheckDependenciesOptions = { hermesHome, env: { PATH: bin, HOME_DIR: "/x" }, cache: true, platform: "linux" };
  return { root, hermesHome, bin, skills, cache, opts };
}

async function asJson(opts: CheckDependenciesOptions): Promise<{ report: Report<DependencyReportData>; text: string }> {
  const { json } = await checkDependenciesAsJson(opts);
  return { report: JSON.parse(json) as Report<DependencyReportData>, text: json };
}

/** The report without what legitimately differs between two runs. */
function comparable(r: Report<DependencyReportData>) {
  return { ...r, generatedAt: "", data: { ...r.data, versionProbes: 0 } };
}

/** Marks the memo's findings text in the cache file, keeping its length and its JSON valid. */
function markMemo(cache: string): void {
  const text = readFileSync(cache, "utf8");
  const lines = text.split("\n");
  const r = lines.findIndex((l) => l.startsWith("R\t"));
  expect(r).toBeGreaterThan(0);
  expect(lines[r]).toContain(MARK_FROM);
  lines[r] = lines[r]!.replaceAll(MARK_FROM, MARK_TO);
  writeFileSync(cache, lines.join("\n"));
}

/** Primes the memo (run with `prime`), marks it, applies `change`, runs with `opts`: it must equal an uncached run. */
async function afterChange(h: ReturnType<typeof host>, change: () => void, opts: CheckDependenciesOptions = h.opts, prime: CheckDependenciesOptions = h.opts) {
  await asJson(prime);
  markMemo(h.cache);
  change();
  const warm = await asJson(opts);
  const fresh = await checkDependencies({ ...opts, cache: false });
  expect(warm.text).not.toContain(MARK_TO);
  expect(comparable(warm.report)).toEqual(comparable(fresh));
  expect(JSON.stringify(comparable(warm.report))).toBe(JSON.stringify(comparable(fresh)));
  return warm.report;
}

describe("the report memo", () => {
  it("replays an unchanged run byte for byte (the mark shows it was replayed) and costs no probe", async () => {
    const h = host();
    const cold = await asJson(h.opts);
    expect(cold.report.data.versionProbes).toBe(2);
    const plain = await asJson(h.opts);
    expect(plain.text.replace(/"generatedAt":"[^"]+"/, "")).toBe(cold.text.replace(/"generatedAt":"[^"]+"/, "").replace('"versionProbes":2', '"versionProbes":0'));
    markMemo(h.cache);
    const replayed = await asJson(h.opts);
    expect(replayed.text).toContain(MARK_TO);
    expect(replayed.text.replaceAll(MARK_TO, MARK_FROM)).toBe(plain.text.replace(/"generatedAt":"[^"]+"/, `"generatedAt":"${replayed.report.generatedAt}"`));
    // The envelope is this run's own; status and summary are the findings'.
    expect([replayed.report.status, replayed.report.summary]).toEqual([cold.report.status, cold.report.summary]);
    expect(replayed.report.data.versionProbes).toBe(0);
  });

  it("is not replayed after a SKILL.md is edited in place to the same size and mtime", async () => {
    const h = host();
    const file = join(h.skills, "a/base/SKILL.md");
    const r = await afterChange(h, () => {
      const before = statSync(file);
      writeFileSync(file, readFileSync(file, "utf8").replace("[git,", "[gix,"));
      utimesSync(file, before.atime, before.mtime);
    });
    expect(r.findings.find((f) => f.id === "a/base")!.title).toBe("a/base: missing binary gix");
  });

  it.each([
    ["a skill is added", (h: ReturnType<typeof host>) => writeSkill(h.skills, "c/new", "dependencies:\n  binaries: [git]")],
    ["a skill is removed", (h: ReturnType<typeof host>) => rmSync(join(h.skills, "a/env"), { recursive: true })],
    ["a .env variable is removed", (h: ReturnType<typeof host>) => writeFileSync(join(h.hermesHome, ".env"), "OTHER=1\n")],
    ["a .env variable is emptied", (h: ReturnType<typeof host>) => writeFileSync(join(h.hermesHome, ".env"), "FROM_DOTENV=\n")],
    ["a binary is installed", (h: ReturnType<typeof host>) => writeBin(h.bin, "gh", "echo gh version 2.0.0")],
    ["a binary is removed", (h: ReturnType<typeof host>) => rmSync(join(h.bin, "git"))],
    ["a binary stops being executable", (h: ReturnType<typeof host>) => chmodSync(join(h.bin, "jq"), 0o644)],
    ["a binary is upgraded", (h: ReturnType<typeof host>) => writeBin(h.bin, "jq", 'echo "jq-1.5"')],
    ["a credential file appears", (h: ReturnType<typeof host>) => writeFileSync(join(h.hermesHome, "gitea_token"), "t")],
    ["a credential file is a folder", (h: ReturnType<typeof host>) => mkdirSync(join(h.hermesHome, "gitea_token"))],
  ])("is not replayed when %s", async (_label, change) => {
    const h = host();
    await afterChange(h, () => change(h));
  });

  it.each([
    ["an env var is set", (o: CheckDependenciesOptions) => ({ ...o, env: { ...o.env, MAYBE: "1" } })],
    ["an env var is unset", (o: CheckDependenciesOptions) => ({ ...o, env: { PATH: o.env!.PATH } })],
    ["an env var is set to the empty string", (o: CheckDependenciesOptions) => ({ ...o, env: { ...o.env, HOME_DIR: "" } })],
    ["PATH no longer holds the binaries", (o: CheckDependenciesOptions) => ({ ...o, env: { ...o.env, PATH: "/nonexistent" } })],
    ["the platform changes", (o: CheckDependenciesOptions) => ({ ...o, platform: "macos" })],
  ])("is not replayed when %s", async (_label, change) => {
    // Without version ranges: the version cache's own key (which holds the environment) is not in play.
    const h = host({ ranges: false });
    await afterChange(h, () => undefined, change(h.opts));
  });

  it("is not replayed when a binary is found in another PATH folder, even with every length unchanged", async () => {
    const h = host();
    const other = join(h.root, "bim");
    writeBin(other, "gh", "echo gh version 2.0.0");
    const opts = { ...h.opts, env: { ...h.opts.env, PATH: `${h.bin}:${other}` } };
    const r = await afterChange(h, () => writeBin(h.bin, "gh", "echo gh version 2.0.0"), opts, opts);
    const gh = (r.findings.find((f) => f.id === "b/tools")!.data!.requirements as { name: string; resolved_path?: string }[]).find((q) => q.name === "gh");
    expect(gh!.resolved_path).toBe(join(h.bin, "gh"));
  });

  it("is not replayed once a version answer it used is older than a day (the binary is asked again)", async () => {
    const h = host();
    const at = (iso: string) => ({ ...h.opts, now: new Date(iso) });
    await asJson(at("2026-11-21T00:00:00Z"));
    markMemo(h.cache);
    const sameDay = await asJson(at("2026-11-21T23:00:00Z"));
    expect([sameDay.text.includes(MARK_TO), sameDay.report.data.versionProbes]).toEqual([true, 0]);
    const nextDay = await asJson(at("2026-11-22T00:00:01Z"));
    expect([nextDay.text.includes(MARK_TO), nextDay.report.data.versionProbes]).toEqual([false, 2]);
  });

  it("is neither used nor written by a run limited to some skills", async () => {
    const h = host();
    await asJson(h.opts);
    markMemo(h.cache);
    const before = readFileSync(h.cache, "utf8");
    const one = await asJson({ ...h.opts, skills: ["a/base"] });
    expect(one.text).not.toContain(MARK_TO);
    expect(one.report.findings.map((f) => f.id)).toEqual(["a/base"]);
    expect(readFileSync(h.cache, "utf8")).toBe(before);
  });

  it.each([
    ["its findings text is cut short", (text: string) => text.replace(/\nR\t(.*)\]$/m, "\nR\t$1")],
    ["its meta line is not JSON", (text: string) => text.replace(/\nM\t\{/, "\nM\t{{")],
    ["its findings are not a list", (text: string) => text.replace(/\nR\t\[/, "\nR\t{")],
  ])("is ignored, and rewritten, when %s", async (_label, damage) => {
    const h = host();
    await asJson(h.opts);
    markMemo(h.cache);
    writeFileSync(h.cache, damage(readFileSync(h.cache, "utf8")));
    const warm = await asJson(h.opts);
    expect(warm.text).not.toContain(MARK_TO);
    expect(comparable(warm.report)).toEqual(comparable(await checkDependencies({ ...h.opts, cache: false })));
    expect(readFileSync(h.cache, "utf8")).toMatch(/\nM\t\{.*\nR\t\[.*\]\n$/s);
  });

  it("replays a memo holding text that is not ASCII (the file is then read as UTF-8)", async () => {
    const h = host();
    writeSkill(h.skills, "c/accent", "", { raw: "---\nname: café-ü\ndescription: Ünïcode 日本 skill\n---\n" });
    const cold = await asJson(h.opts);
    expect(cold.text).toContain("café-ü");
    markMemo(h.cache);
    const replayed = await asJson(h.opts);
    expect(replayed.text).toContain(MARK_TO);
    expect(replayed.text.replaceAll(MARK_TO, MARK_FROM).replace(/"generatedAt":"[^"]+"/, "")).toBe(cold.text.replace(/"generatedAt":"[^"]+"/, "").replace(/"versionProbes":\d+/, '"versionProbes":0'));
  });

  it("keeps no memo when a result holds one of its separators (a path may hold any byte)", async () => {
    const h = host();
    const odd = join(h.root, "bin\u001fodd");
    writeBin(odd, "gh", "echo gh version 2.0.0");
    const opts = { ...h.opts, env: { ...h.opts.env, PATH: `${h.bin}:${odd}` } };
    const first = await asJson(opts);
    expect(readFileSync(h.cache, "utf8")).not.toMatch(/\nR\t/);
    expect(comparable((await asJson(opts)).report)).toEqual(comparable(first.report));
  });

  it("keeps no memo whose text holds a secret value, and still prints the same report", async () => {
    const h = host();
    const secret = "canary-token-7f3a9c";
    writeSkill(h.skills, "a/leaky", `dependencies:\n  binaries: ['${secret} --flag']`);
    const opts = { ...h.opts, env: { ...h.opts.env, GITEA_TOKEN: secret } };
    const first = await asJson(opts);
    expect(readFileSync(h.cache, "utf8")).not.toContain(secret);
    expect(readFileSync(h.cache, "utf8")).not.toMatch(/\nR\t/);
    const second = await asJson(opts);
    expect(comparable(second.report)).toEqual(comparable(first.report));
  });
});
