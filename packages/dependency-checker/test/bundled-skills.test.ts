import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import semver from "semver";
import { describe, expect, it } from "vitest";
import { checkSkillMeta, findSkills, readRequirements, readSkillMd } from "@wizard-council/skill-md";

const ROOT = fileURLToPath(new URL("../../../skills", import.meta.url));
const found = findSkills(ROOT);

describe("bundled skills/", () => {
  it("holds the required skills in category/name layout, with nothing unreadable", () => {
    expect(found.problems).toEqual([]);
    expect(found.skills.map((s) => s.id)).toEqual(expect.arrayContaining(["devops/cycle-guard-discipline", "devops/fleet-sitrep", "devops/wizard-council-automation"]));
    for (const s of found.skills) expect(s.category).toBeTypeOf("string");
    // every folder two levels down is a skill: a folder without SKILL.md would be silently ignored
    const folders = readdirSync(ROOT, { withFileTypes: true }).filter((d) => d.isDirectory()).flatMap((c) =>
      readdirSync(`${ROOT}/${c.name}`, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `${c.name}/${d.name}`));
    expect(found.skills.map((s) => s.id).sort()).toEqual(folders.sort());
  });

  it.each(found.skills.map((s) => [s.id, s] as const))("%s has valid frontmatter and well-formed dependencies", (_id, skill) => {
    const parsed = readSkillMd(skill.skillMd);
    if (!parsed.ok) throw new Error(`${skill.id}: ${parsed.error.message}`);
    expect(checkSkillMeta(parsed, skill.folderName)).toEqual([]);
    expect(parsed.name).toBe(skill.folderName);
    expect(parsed.description!.length).toBeGreaterThanOrEqual(1);
    expect(parsed.description!.length).toBeLessThanOrEqual(1024);
    expect(semver.valid(parsed.version)).toBe(parsed.version);
    const { requirements, errors, platforms } = readRequirements(parsed.frontmatter);
    expect(errors).toEqual([]);
    expect(platforms === undefined || platforms.length > 0).toBe(true);
    expect(requirements.length).toBeGreaterThan(0);
    expect(parsed.frontmatter.dependencies).toBeTypeOf("object");
    for (const r of requirements) if (r.versionRange !== undefined) expect(semver.validRange(r.versionRange), `${r.name} ${r.versionRange}`).not.toBeNull();
    // node is the runtime of every tool the skills drive
    expect(requirements.find((r) => r.name === "node")).toMatchObject({ kind: "binary", optional: false, versionRange: ">=20.19" });
    expect(parsed.body.trim().length).toBeGreaterThan(500);
  });

  it("uses hermes-agent's prerequisites / required_environment_variables form in at least one skill", () => {
    const fields = found.skills.flatMap((s) => {
      const p = readSkillMd(s.skillMd);
      return p.ok ? readRequirements(p.frontmatter).requirements.map((r) => r.sourceField) : [];
    });
    expect(fields.some((f) => f.includes("prerequisites.commands"))).toBe(true);
    expect(fields.some((f) => f.includes("required_environment_variables"))).toBe(true);
  });
});
