import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fingerprintSkill } from "@wizard-council/skill-md";
import { testdir, validateReport } from "@wizard-council/kit/testing";
import { describe, expect, it } from "vitest";
import { auditSkills } from "../src/index.ts";
import { BACKUP_DIR, STAGING_DIR } from "../src/install.ts";
import { PKG, put, SCHEMA, skill, treeDigest, writeHermesManifest } from "./trees.ts";

const NOW = new Date("2026-11-21T03:00:00.000Z");

function stateOf(report: Awaited<ReturnType<typeof auditSkills>>): Record<string, string | null> {
  return Object.fromEntries(report.findings.map((f) => [f.id, (f.data as { state: string | null }).state]));
}

/** A source and a target that, after one --fix and some edits, show all seven states. */
async function sevenStates() {
  const root = testdir();
  const source = join(root, "source");
  const target = join(root, "hermes", "skills");
  for (const id of ["ops/ok", "ops/outdated", "ops/modified", "ops/converged", "ops/deleted"]) skill(source, id, { version: "1.0.0", files: { "notes.md": `${id}\n` } });
  await auditSkills({ source, target, fix: true, now: NOW });
  skill(source, "ops/missing");
  skill(target, "local/extra");
  put(source, "ops/outdated/notes.md", "new upstream notes\n");
  put(target, "ops/modified/notes.md", "my local notes\n");
  put(source, "ops/converged/added.md", "both\n");
  put(target, "ops/converged/added.md", "both\n");
  rmSync(join(target, "ops/deleted"), { recursive: true });
  return { root, source, target };
}

describe("auditSkills: the seven states", () => {
  it("reports each state with its status, explanation and diff, and validates against the schema", async () => {
    const { source, target } = await sevenStates();
    const report = await auditSkills({ source, target, now: NOW });
    expect(stateOf(report)).toEqual({
      "local/extra": "EXTRA", "ops/converged": "CONVERGED", "ops/deleted": "DELETED", "ops/missing": "MISSING",
      "ops/modified": "MODIFIED", "ops/ok": "OK", "ops/outdated": "OUTDATED",
    });
    const byId = Object.fromEntries(report.findings.map((f) => [f.id, f]));
    expect(Object.fromEntries(report.findings.map((f) => [f.id, f.status]))).toEqual({
      "local/extra": "warn", "ops/converged": "ok", "ops/deleted": "warn", "ops/missing": "fail", "ops/modified": "warn", "ops/ok": "ok", "ops/outdated": "fail",
    });
    expect(byId["ops/outdated"]!.message).toBe("the source changed since the last sync and the target is untouched since then (changed: notes.md); safe to update");
    expect(byId["ops/modified"]!.message).toBe("the target was edited locally since the last sync (changed: notes.md); left alone");
    expect(byId["ops/modified"]!.data).toMatchObject({ name: "modified", sourcePath: join(source, "ops/modified"), targetPath: join(target, "ops/modified"), diff: { onlyInSource: [], onlyInTarget: [], changed: ["notes.md"] } });
    expect((byId["ops/missing"]!.data as { diff: unknown }).diff).toEqual({ onlyInSource: ["SKILL.md"], onlyInTarget: [], changed: [] });
    expect((byId["local/extra"]!.data as { diff: unknown }).diff).toEqual({ onlyInSource: [], onlyInTarget: ["SKILL.md"], changed: [] });
    expect((byId["ops/deleted"]!.data as { diff: unknown }).diff).toEqual({ onlyInSource: ["SKILL.md", "notes.md"], onlyInTarget: [], changed: [] });
    expect(byId["ops/deleted"]!.fix).toBe("leave it deleted, or run skills-audit --fix --force to reinstall it");
    expect(report.status).toBe("fail");
    expect(report.data.states).toEqual({ OK: 1, MISSING: 1, OUTDATED: 1, MODIFIED: 1, CONVERGED: 1, DELETED: 1, EXTRA: 1 });
    expect(validateReport(report, SCHEMA)).toEqual({ valid: true, errors: "" });
  });

  it("--fix installs and updates, re-baselines, and leaves MODIFIED and DELETED byte-identical", async () => {
    const { source, target } = await sevenStates();
    const modifiedBefore = treeDigest(join(target, "ops/modified"));
    const report = await auditSkills({ source, target, fix: true, now: NOW });
    expect(stateOf(report)).toEqual({
      "local/extra": "EXTRA", "ops/converged": "OK", "ops/deleted": "DELETED", "ops/missing": "OK",
      "ops/modified": "MODIFIED", "ops/ok": "OK", "ops/outdated": "OK",
    });
    expect(report.data.actions.map((a) => [a.id, a.action, a.done])).toEqual([
      ["ops/converged", "rebaseline", true], ["ops/missing", "install", true], ["ops/outdated", "update", true],
    ]);
    expect(treeDigest(join(target, "ops/modified"))).toBe(modifiedBefore);
    expect(existsSync(join(target, "ops/deleted"))).toBe(false);
    expect(readFileSync(join(target, "ops/outdated/notes.md"), "utf8")).toBe("new upstream notes\n");
    const again = await auditSkills({ source, target, now: NOW });
    expect(again.findings.filter((f) => ["MISSING", "OUTDATED"].includes((f.data as { state: string }).state))).toEqual([]);
    expect(again.data.states).toEqual({ OK: 4, MISSING: 0, OUTDATED: 0, MODIFIED: 1, CONVERGED: 0, DELETED: 1, EXTRA: 1 });
    expect(existsSync(join(target, STAGING_DIR))).toBe(false);
  });

  it("--fix --force replaces MODIFIED keeping a backup and reinstalls DELETED; --prune moves EXTRA to the backups", async () => {
    const { source, target } = await sevenStates();
    const report = await auditSkills({ source, target, fix: true, force: true, prune: true, now: NOW });
    expect(report.status).toBe("ok");
    expect(stateOf(report)).toEqual({
      "local/extra": "EXTRA", "ops/converged": "OK", "ops/deleted": "OK", "ops/missing": "OK", "ops/modified": "OK", "ops/ok": "OK", "ops/outdated": "OK",
    });
    const backups = join(target, BACKUP_DIR);
    expect(readdirSync(backups).sort()).toEqual(["local%2Fextra.20261121T030000Z.bak", "ops%2Fmodified.20261121T030000Z.bak"]);
    expect(readFileSync(join(backups, "ops%2Fmodified.20261121T030000Z.bak/notes.md"), "utf8")).toBe("my local notes\n");
    expect(existsSync(join(target, "local/extra"))).toBe(false);
    expect(report.findings.find((f) => f.id === "local/extra")!.title).toBe("local/extra: pruned");
  });

  it("--dry-run reports the exact actions and touches nothing (whole target hashed before and after)", async () => {
    const { source, target } = await sevenStates();
    const before = treeDigest(target);
    const report = await auditSkills({ source, target, fix: true, force: true, prune: true, dryRun: true, now: NOW });
    expect(treeDigest(target)).toBe(before);
    expect(report.data.mode).toBe("dry-run");
    expect(report.data.actions.map((a) => `${a.action} ${a.id} (${a.from})`)).toEqual([
      "prune local/extra (EXTRA)", "rebaseline ops/converged (CONVERGED)", "reinstall ops/deleted (DELETED)",
      "install ops/missing (MISSING)", "replace ops/modified (MODIFIED)", "update ops/outdated (OUTDATED)",
    ]);
    expect(report.data.actions.every((a) => !a.done)).toBe(true);
    expect(report.findings.find((f) => f.id === "ops/missing")!.message).toMatch(/; dry run: would install$/);
  });
});

describe("auditSkills: the manifest", () => {
  it("writes hermes' name:md5 lines, keyed by frontmatter name, with the hermes fingerprint of the installed copy", async () => {
    const root = testdir();
    const source = join(root, "src");
    const target = join(root, "tgt");
    skill(source, "cat/folder-a", { name: "real-name" });
    skill(source, "cat/b", { files: { "x.txt": "x" } });
    await auditSkills({ source, target, fix: true, now: NOW });
    const lines = readFileSync(join(target, ".bundled_manifest"), "utf8");
    expect(lines).toBe(`b:${fingerprintSkill(join(target, "cat/b"))}\nreal-name:${fingerprintSkill(join(target, "cat/folder-a"))}\n`);
    expect(fingerprintSkill(join(target, "cat/b"))).toBe(fingerprintSkill(join(source, "cat/b")));
  });

  it("accepts older no-hash lines, keeps entries it does not know, and re-baselines them with hashes", async () => {
    const root = testdir();
    const source = join(root, "src");
    const target = join(root, "tgt");
    skill(source, "cat/a");
    skill(target, "cat/a");
    put(target, ".bundled_manifest", "a\nsomeone-else:abcdef\n");
    const audit = await auditSkills({ source, target, now: NOW });
    expect(stateOf(audit)).toEqual({ "cat/a": "CONVERGED" });
    await auditSkills({ source, target, fix: true, now: NOW });
    expect(readFileSync(join(target, ".bundled_manifest"), "utf8")).toBe(`a:${fingerprintSkill(join(target, "cat/a"))}\nsomeone-else:abcdef\n`);
  });

  it("an unreadable manifest is an error naming it, and is left in place", async () => {
    const root = testdir();
    skill(join(root, "src"), "cat/a");
    mkdirSync(join(root, "tgt", ".bundled_manifest"), { recursive: true });
    await expect(auditSkills({ source: join(root, "src"), target: join(root, "tgt"), fix: true })).rejects.toMatchObject({
      code: "UNREADABLE_MANIFEST", path: join(root, "tgt", ".bundled_manifest"),
    });
    put(root, "tgt2/.bundled_manifest", Buffer.from([0x61, 0x3a, 0xff, 0xfe, 0x0a]));
    await expect(auditSkills({ source: join(root, "src"), target: join(root, "tgt2"), fix: true })).rejects.toMatchObject({ code: "CORRUPT_MANIFEST" });
    expect(readFileSync(join(root, "tgt2/.bundled_manifest"))).toEqual(Buffer.from([0x61, 0x3a, 0xff, 0xfe, 0x0a]));
    expect(existsSync(join(root, "tgt2/cat/a"))).toBe(false);
  });
});

describe("auditSkills: OS junk", () => {
  it("junk in the target never makes a skill MODIFIED, and --fix never copies junk from the source", async () => {
    const root = testdir();
    const source = join(root, "src");
    const target = join(root, "tgt");
    skill(source, "cat/a", { files: { ".DS_Store": "mac", "docs/._notes.md": "appledouble", "Thumbs.db": "win", "docs/notes.md": "n", "__pycache__/x.cpython-311.pyc": "pyc" } });
    await auditSkills({ source, target, fix: true, now: NOW });
    expect(readdirSync(join(target, "cat/a")).sort()).toEqual(["SKILL.md", "docs"]);
    expect(readdirSync(join(target, "cat/a/docs"))).toEqual(["notes.md"]);
    put(target, "cat/a/.DS_Store", "finder was here");
    put(target, "cat/a/docs/Thumbs.db", "explorer was here");
    put(target, "cat/a/__pycache__/y.pyc", "bytecode");
    const report = await auditSkills({ source, target, now: NOW });
    expect(stateOf(report)).toEqual({ "cat/a": "OK" });
    // source gains a real change: the junk-laden target is still "untouched", so OUTDATED, not MODIFIED
    put(source, "cat/a/docs/notes.md", "n2");
    expect(stateOf(await auditSkills({ source, target, now: NOW }))).toEqual({ "cat/a": "OUTDATED" });
  });
});

describe("auditSkills: containment", () => {
  it("a source symlink pointing outside its skill is skipped with a warning, never copied", async () => {
    const root = testdir();
    const source = join(root, "src");
    const target = join(root, "tgt");
    skill(source, "cat/a");
    put(root, "secret.txt", "do not copy");
    symlinkSync(join(root, "secret.txt"), join(source, "cat/a/leak.txt"));
    const report = await auditSkills({ source, target, fix: true, now: NOW });
    expect(readdirSync(join(target, "cat/a"))).toEqual(["SKILL.md"]);
    const f = report.findings[0]!;
    expect([f.status, (f.data as { state: string }).state, (f.data as { skippedLinks: string[] }).skippedLinks]).toEqual(["warn", "OK", ["leak.txt"]]);
    expect(f.message).toContain("source symlinks pointing outside the skill are skipped, never copied: leak.txt");
  });

  it("never writes through a target category that is a symlink to outside", async () => {
    const root = testdir();
    const source = join(root, "src");
    const target = join(root, "tgt");
    const outside = join(root, "outside");
    mkdirSync(outside);
    writeFileSync(join(outside, "keep.txt"), "untouched");
    skill(source, "cat/a");
    mkdirSync(target);
    symlinkSync(outside, join(target, "cat"));
    const before = treeDigest(outside);
    const report = await auditSkills({ source, target, fix: true, force: true, prune: true, now: NOW });
    expect(treeDigest(outside)).toBe(before);
    const f = report.findings.find((x) => x.id === "cat")!;
    expect([f.status, f.message]).toEqual(["error", `target: symlink points outside the skills root; not followed (${join(target, "cat")})`]);
    expect(report.findings.find((x) => x.id === "cat/a")!.status).toBe("error");
  });

  it("a frontmatter name that would escape is an error finding; nothing is installed or recorded", async () => {
    const root = testdir();
    const source = join(root, "src");
    const target = join(root, "tgt");
    skill(source, "cat/evil", { name: "../../escaped" });
    skill(source, "cat/colon", { name: "a:b" });
    skill(source, "cat/good");
    const report = await auditSkills({ source, target, fix: true, now: NOW });
    expect(Object.fromEntries(report.findings.map((f) => [f.id, f.status]))).toEqual({ "cat/colon": "error", "cat/evil": "error", "cat/good": "ok" });
    expect(report.findings.find((f) => f.id === "cat/evil")!.message).toBe('frontmatter field name "../../escaped" would escape its folder (`..`); it cannot be recorded in .bundled_manifest or installed');
    expect(readdirSync(join(target, "cat"))).toEqual(["good"]);
    expect(readFileSync(join(target, ".bundled_manifest"), "utf8")).toMatch(/^good:[0-9a-f]{32}\n$/);
    expect(existsSync(join(root, "escaped"))).toBe(false);
    expect(validateReport(report, SCHEMA)).toEqual({ valid: true, errors: "" });
  });

  it("a broken source SKILL.md is an error for that skill; the others are still fixed", async () => {
    const root = testdir();
    const source = join(root, "src");
    const target = join(root, "tgt");
    put(source, "cat/broken/SKILL.md", "---\nname: [unclosed\n---\n");
    skill(source, "cat/fine");
    const report = await auditSkills({ source, target, fix: true, now: NOW });
    const broken = report.findings.find((f) => f.id === "cat/broken")!;
    expect(broken.status).toBe("error");
    expect(broken.message).toMatch(/^source SKILL.md is invalid: frontmatter: /);
    expect(stateOf(report)["cat/fine"]).toBe("OK");
  });
});

describe("auditSkills: recovery and locking", () => {
  it("finishes what a killed --fix left: puts back a copy renamed aside, drops unfinished and displaced copies", async () => {
    const root = testdir();
    const source = join(root, "src");
    const target = join(root, "tgt");
    for (const id of ["cat/a", "cat/b", "cat/c"]) skill(source, id, { body: "v1\n" });
    await auditSkills({ source, target, fix: true, now: NOW });
    skill(source, "cat/a", { body: "v2\n" });
    skill(source, "cat/b", { body: "v2\n" });
    const staging = join(target, STAGING_DIR);
    // a: renamed aside, new copy not yet in place (the kill landed between the two renames)
    mkdirSync(staging, { recursive: true });
    renameSync(join(target, "cat/a"), join(staging, "cat%2Fa.old-1-x"));
    // b: new copy in place, displaced copy not yet dropped; c: a half-written staged copy
    renameSync(join(target, "cat/b"), join(staging, "cat%2Fb.old-1-y"));
    skill(target, "cat/b", { body: "v2\n" });
    put(staging, "cat%2Fc.new-1-z/SKILL.md", "---\nname: c\n");
    const report = await auditSkills({ source, target, now: NOW });
    expect(report.data.recovered).toEqual([
      "restored cat/a from an interrupted update", "removed the displaced old copy of cat/b", "removed unfinished staging copy cat%2Fc.new-1-z",
    ]);
    expect(readFileSync(join(target, "cat/a/SKILL.md"), "utf8")).toContain("v1");
    // a is back at v1 (untouched since the sync, so still OUTDATED); b is already v2 with the manifest at v1
    expect(stateOf(report)).toEqual({ "cat/a": "OUTDATED", "cat/b": "CONVERGED", "cat/c": "OK" });
    expect(existsSync(staging)).toBe(false);
  });

  it("a --fix while another holds the lock gives up with LOCK_TIMEOUT (exit 75) and changes nothing", async () => {
    const root = testdir();
    const source = join(root, "src");
    const target = join(root, "tgt");
    skill(source, "cat/a");
    mkdirSync(target);
    // a live holder: this very process, recorded moments ago
    writeFileSync(join(target, ".skills-audit.lock"), JSON.stringify({ pid: process.pid, host: (await import("node:os")).hostname(), createdAt: new Date().toISOString(), nonce: "held" }));
    await expect(auditSkills({ source, target, fix: true })).rejects.toMatchObject({ code: "LOCK_TIMEOUT", exitCode: 75 });
    expect(readdirSync(target)).toEqual([".skills-audit.lock"]);
  });
});

describe("bundledSkillsDir", () => {
  it("points at the repo's top-level skills/ from src/ as it does from dist/", async () => {
    const { bundledSkillsDir } = await import("../src/index.ts");
    expect(bundledSkillsDir()).toBe(join(PKG, "..", "..", "skills"));
  });
});

describe("auditSkills: writes stay inside the target", () => {
  it("a full --fix --force --prune writes nothing outside the target, not even in the source", async () => {
    const { root, source, target } = await sevenStates();
    const outside = join(root, "outside");
    put(outside, "keep.txt", "untouched");
    const sourceBefore = treeDigest(source);
    const outsideBefore = treeDigest(outside);
    const rootEntries = readdirSync(root).sort();
    await auditSkills({ source, target, fix: true, force: true, prune: true, now: NOW });
    expect([treeDigest(source), treeDigest(outside), readdirSync(root).sort()]).toEqual([sourceBefore, outsideBefore, rootEntries]);
    expect(readdirSync(join(root, "hermes"))).toEqual(["skills"]);
  });

  it("refuses to stage through a .archive that is a symlink (UNSAFE_TARGET, exit 2) and writes nothing", async () => {
    const root = testdir();
    const source = join(root, "src");
    const target = join(root, "tgt");
    const elsewhere = join(root, "elsewhere");
    skill(source, "cat/a");
    mkdirSync(elsewhere);
    mkdirSync(target);
    symlinkSync(elsewhere, join(target, ".archive"));
    const before = treeDigest(root);
    await expect(auditSkills({ source, target, fix: true })).rejects.toMatchObject({ code: "UNSAFE_TARGET", exitCode: 2, path: join(target, ".archive") });
    expect(treeDigest(root)).toBe(before);
  });
});

describe("agreement with hermes-agent's manifest (python3 reference)", () => {
  it("a manifest hermes wrote reads as in sync, and the one --fix writes is byte-identical to hermes'", async () => {
    const root = testdir();
    const source = join(root, "src");
    const target = join(root, "tgt");
    skill(source, "devops/alpha", { files: { "a/b": "1", "a-c": "2", "scripts/x.py": "print()", "scripts/x.pyc": "bc" } });
    skill(source, "devops/beta", { name: "beta-name", files: { "é.md": "accent", "refs/z.md": "z" } });
    const ours = await auditSkills({ source, target, fix: true, now: NOW });
    expect(ours.status).toBe("ok");
    const written = readFileSync(join(target, ".bundled_manifest"), "utf8");
    const scratch = testdir();
    const hermes = writeHermesManifest(target, join(scratch, "manifest"), ["alpha=devops/alpha", "beta-name=devops/beta"], scratch);
    expect(written).toBe(hermes);
    // hermes edits nothing; a user edit then reads MODIFIED against hermes' own hashes
    writeHermesManifest(target, join(target, ".bundled_manifest"), ["alpha=devops/alpha", "beta-name=devops/beta"], scratch);
    expect(stateOf(await auditSkills({ source, target, now: NOW }))).toEqual({ "devops/alpha": "OK", "devops/beta": "OK" });
    put(target, "devops/beta/refs/z.md", "user edit");
    expect(stateOf(await auditSkills({ source, target, now: NOW }))).toEqual({ "devops/alpha": "OK", "devops/beta": "MODIFIED" });
  });
});

describe("two --fix runs at once (built bins)", () => {
  it("take turns under the lock: both exit 0 and the result is one clean sync", async () => {
    const { runBin, parseSingleReport } = await import("@wizard-council/kit/testing");
    const { BIN, binEnv } = await import("./trees.ts");
    const root = testdir();
    const source = join(root, "src");
    const target = join(root, "tgt");
    for (let i = 0; i < 30; i++) skill(source, `c/s${i}`, { files: { "x.md": "x".repeat(5000) } });
    const args = ["--source", source, "--target", target, "--fix"];
    const [a, b] = await Promise.all([runBin(BIN, args, { env: binEnv(root) }), runBin(BIN, args, { env: binEnv(root) })]);
    expect([a.code, b.code, a.stderr, b.stderr]).toEqual([0, 0, "", ""]);
    const installs = [a, b].map((r) => parseSingleReport(r.stdout, SCHEMA).data.actions.filter((x: { action: string }) => x.action === "install").length);
    expect(installs.sort()).toEqual([0, 30]);
    expect(readFileSync(join(target, ".bundled_manifest"), "utf8").trimEnd().split("\n")).toHaveLength(30);
  });
});
