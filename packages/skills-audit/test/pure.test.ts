import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { testdir } from "@wizard-council/kit/testing";
import { describe, expect, it } from "vitest";
import { isSafeId, unsafeNameReason } from "../src/containment.ts";
import { describeDiff } from "../src/diff.ts";
import { planAction } from "../src/fix.ts";
import { formatManifest, parseManifest } from "../src/manifest.ts";
import { classifySkill, compareVersions, type SkillFacts, type SkillState } from "../src/verdict.ts";
import type { Evaluation } from "../src/evaluate.ts";

const S = "11111111111111111111111111111111"; // source (clean)
const T = "22222222222222222222222222222222"; // target (clean)
const J = "33333333333333333333333333333333"; // target with junk (hermes)
const M = "44444444444444444444444444444444"; // some older recorded hash

describe("classifySkill", () => {
  it.each<[string, SkillFacts, SkillState | undefined]>([
    ["equal, no record", { sourceClean: S, targetClean: S, targetHermes: S }, "OK"],
    ["equal, recorded equal", { sourceClean: S, targetClean: S, targetHermes: S, recorded: S }, "OK"],
    ["equal, junk in target, record matches the clean hash", { sourceClean: S, targetClean: S, targetHermes: J, recorded: S }, "OK"],
    ["equal, record is older: converged", { sourceClean: S, targetClean: S, targetHermes: S, recorded: M }, "CONVERGED"],
    ["equal, old-format line without hash", { sourceClean: S, targetClean: S, targetHermes: S, recorded: "" }, "CONVERGED"],
    ["absent target, no record", { sourceClean: S }, "MISSING"],
    ["absent target, recorded", { sourceClean: S, recorded: M }, "DELETED"],
    ["absent target, old-format record", { sourceClean: S, recorded: "" }, "DELETED"],
    ["absent source", { targetClean: T, targetHermes: T }, "EXTRA"],
    ["absent on both sides", {}, undefined],
    ["differs, target untouched since sync", { sourceClean: S, targetClean: T, targetHermes: T, recorded: T }, "OUTDATED"],
    ["differs, target untouched apart from junk", { sourceClean: S, targetClean: T, targetHermes: J, recorded: T }, "OUTDATED"],
    ["differs, recorded junk hash still matches", { sourceClean: S, targetClean: T, targetHermes: J, recorded: J }, "OUTDATED"],
    ["differs, target edited since sync", { sourceClean: S, targetClean: T, targetHermes: T, recorded: M }, "MODIFIED"],
    ["differs, no record, older target version", { sourceClean: S, targetClean: T, targetHermes: T, sourceVersion: "1.10.0", targetVersion: "1.9.2" }, "OUTDATED"],
    ["differs, no record, same version", { sourceClean: S, targetClean: T, targetHermes: T, sourceVersion: "1.0.0", targetVersion: "1.0.0" }, "MODIFIED"],
    ["differs, no record, newer target", { sourceClean: S, targetClean: T, targetHermes: T, sourceVersion: "1.0.0", targetVersion: "2.0.0" }, "MODIFIED"],
    ["differs, no record, no versions", { sourceClean: S, targetClean: T, targetHermes: T }, "MODIFIED"],
    ["differs, old-format record, older version", { sourceClean: S, targetClean: T, targetHermes: T, recorded: "", sourceVersion: "2", targetVersion: "1" }, "OUTDATED"],
  ])("%s", (_label, facts, state) => {
    expect(classifySkill(facts)).toBe(state);
  });
});

describe("compareVersions", () => {
  it.each<[string | undefined, string | undefined, number]>([
    ["1.9.2", "1.10.0", -1],
    ["1.10.0", "1.9.2", 1],
    ["1.0", "1.0.0", 0],
    ["v2.0.0", "1.9.9", 1],
    ["1.0.0-beta", "1.0.1", -1],
    ["banana", "1.0.0", 0],
    [undefined, "1.0.0", 0],
  ])("%s vs %s → %i", (a, b, sign) => {
    expect(compareVersions(a, b)).toBe(sign);
  });
});

describe("manifest lines", () => {
  it.each<[string, [string, string][]]>([
    ["a:0123\nb:4567\n", [["a", "0123"], ["b", "4567"]]],
    ["\ufeffold-skill\n\nnew:abc\r\n", [["old-skill", ""], ["new", "abc"]]],
    ["  spaced : hash  \n", [["spaced", "hash"]]],
    ["x:a:b\n", [["x", "a:b"]]],
    ["", []],
  ])("parses %j", (text, entries) => {
    expect([...parseManifest(text)]).toEqual(entries);
  });

  it("formats exactly as hermes-agent's writer does (checked by running its rule in python3)", () => {
    const dir = testdir();
    const entries = new Map([["zeta", "ff"], ["Alpha", "aa"], ["alpha", "bb"], ["é-skill", ""], ["a-b", "cc"], ["a", "dd"]]);
    const script = join(dir, "write.py");
    writeFileSync(script, "import json,sys\ne=json.load(sys.stdin)\nsys.stdout.write(''.join(f'{n}:{h}\\n' for n, h in sorted(e.items())))\n");
    const python = execFileSync("python3", [script], { input: JSON.stringify(Object.fromEntries(entries)) });
    expect(Buffer.from(formatManifest(entries), "utf8").equals(python)).toBe(true);
    expect(formatManifest(entries)).toBe("Alpha:aa\na:dd\na-b:cc\nalpha:bb\nzeta:ff\né-skill:\n");
  });

  it("round-trips: parse(format(x)) = x", () => {
    const entries = new Map([["b", "2"], ["a", "1"]]);
    expect([...parseManifest(formatManifest(entries))].sort()).toEqual([["a", "1"], ["b", "2"]]);
  });
});

describe("names and ids that would escape", () => {
  it.each<[string, string | undefined]>([
    ["fleet-sitrep", undefined],
    ["../../etc", "would escape its folder (`..`)"],
    ["..", "would escape its folder (`..`)"],
    ["/etc/passwd", "is an absolute path"],
    ["C:\\Windows", "is an absolute path"],
    ["a/b", "contains a path separator"],
    ["a:b", "contains `:`, the manifest's separator"],
    ["a\nb", "contains a control character"],
    ["  ", "is empty"],
  ])("name %j → %s", (name, reason) => {
    expect(unsafeNameReason(name)).toBe(reason);
  });

  it.each<[string, boolean]>([
    ["devops/fleet-sitrep", true],
    ["solo", true],
    ["../x", false],
    ["a/../b", false],
    ["/abs", false],
    ["a//b", false],
    ["a\\b", false],
    ["", false],
  ])("id %j safe → %s", (id, safe) => {
    expect(isSafeId(id)).toBe(safe);
  });
});

describe("describeDiff", () => {
  it.each([
    [{ onlyInSource: [], onlyInTarget: [], changed: [] }, ""],
    [{ onlyInSource: ["a.md"], onlyInTarget: ["b.md"], changed: ["SKILL.md"] }, "changed: SKILL.md; only in source: a.md; only in target: b.md"],
    [{ onlyInSource: ["1", "2", "3", "4", "5", "6", "7"], onlyInTarget: [], changed: [] }, "only in source: 1, 2, 3, 4, 5 (+2 more)"],
  ])("%j → %j", (diff, text) => {
    expect(describeDiff(diff)).toBe(text);
  });
});

describe("planAction", () => {
  const ev = (state: SkillState, recorded?: string): Evaluation => ({ id: "c/s", name: "s", state, recorded, sourcePath: "", targetPath: "", diff: { onlyInSource: [], onlyInTarget: [], changed: [] } });
  it.each<[SkillState, string | undefined, { force: boolean; prune: boolean }, string | undefined]>([
    ["MISSING", undefined, { force: false, prune: false }, "install"],
    ["OUTDATED", "x", { force: false, prune: false }, "update"],
    ["CONVERGED", "x", { force: false, prune: false }, "rebaseline"],
    ["OK", undefined, { force: false, prune: false }, "record"],
    ["OK", "x", { force: true, prune: true }, undefined],
    ["MODIFIED", "x", { force: false, prune: true }, undefined],
    ["MODIFIED", "x", { force: true, prune: false }, "replace"],
    ["DELETED", "x", { force: false, prune: false }, undefined],
    ["DELETED", "x", { force: true, prune: false }, "reinstall"],
    ["EXTRA", undefined, { force: true, prune: false }, undefined],
    ["EXTRA", undefined, { force: false, prune: true }, "prune"],
  ])("%s (recorded %j) with %j → %s", (state, recorded, flags, action) => {
    expect(planAction(ev(state, recorded), flags)).toBe(action);
  });
});
