import { describe, expect, it } from "vitest";
import { checkSkillMeta, isPlainCommandName, parseSkillMd, readRequirements } from "../src/index.ts";

function fm(yaml: string): Record<string, unknown> {
  const r = parseSkillMd(`---\n${yaml}\n---\n`);
  if (!r.ok) throw new Error(r.error.message);
  return r.frontmatter;
}

describe("readRequirements", () => {
  it("merges every form, naming the source field", () => {
    const r = readRequirements(fm(`
name: x
platforms: [linux, macos]
dependencies:
  binaries: [git, { name: jq, version: ">=1.6", optional: true }]
  env_vars: [GITEA_TOKEN, { name: TELEGRAM_BOT_TOKEN, optional: true }]
prerequisites:
  commands: [memo, git]
  env_vars: [SOME_KEY]
required_environment_variables:
  - { name: OPENROUTER_API_KEY, prompt: "key?", optional: false }
  - { name: GITEA_TOKEN, prompt: "token" }
required_credential_files:
  - { path: gitea_token, description: "..." }
  - auth/google.json
`));
    expect(r.errors).toEqual([]);
    expect(r.platforms).toEqual(["linux", "macos"]);
    expect(r.requirements).toEqual([
      { kind: "binary", name: "git", sourceField: "dependencies.binaries, prerequisites.commands", optional: false },
      { kind: "binary", name: "jq", sourceField: "dependencies.binaries", optional: true, versionRange: ">=1.6" },
      { kind: "env", name: "GITEA_TOKEN", sourceField: "dependencies.env_vars, required_environment_variables", optional: false },
      { kind: "env", name: "TELEGRAM_BOT_TOKEN", sourceField: "dependencies.env_vars", optional: true },
      { kind: "binary", name: "memo", sourceField: "prerequisites.commands", optional: false },
      { kind: "env", name: "SOME_KEY", sourceField: "prerequisites.env_vars", optional: false },
      { kind: "env", name: "OPENROUTER_API_KEY", sourceField: "required_environment_variables", optional: false },
      { kind: "credential_file", name: "gitea_token", sourceField: "required_credential_files", optional: false },
      { kind: "credential_file", name: "auth/google.json", sourceField: "required_credential_files", optional: false },
    ]);
  });

  it("requires a binary when any declaration requires it, and joins version ranges", () => {
    const r = readRequirements(fm(`dependencies:\n  binaries: [{ name: node, version: ">=18", optional: true }]\nprerequisites:\n  commands: [{ name: node, version: "<23" }]`));
    expect(r.requirements).toEqual([{ kind: "binary", name: "node", sourceField: "dependencies.binaries, prerequisites.commands", optional: false, versionRange: ">=18 <23" }]);
  });

  it("has no requirements and no gate for a bare skill", () => {
    expect(readRequirements(fm("name: x"))).toEqual({ requirements: [], platforms: undefined, errors: [] });
  });

  it.each([
    ["dependencies: git", "dependencies", "dependencies: expected a mapping, got string"],
    ["dependencies:\n  binaries: git", "dependencies.binaries", "dependencies.binaries: expected a list, got string"],
    ["dependencies:\n  binaries: [git, node, 3]", "dependencies.binaries[2]", "dependencies.binaries[2]: expected a string or {name}, got number"],
    ["dependencies:\n  binaries: [{ version: '1' }]", "dependencies.binaries[0].name", "dependencies.binaries[0].name: expected a non-empty string, got undefined"],
    ["dependencies:\n  binaries: [{ name: jq, optional: maybe }]", "dependencies.binaries[0].optional", "dependencies.binaries[0].optional: expected true or false, got string"],
    ["dependencies:\n  binaries: [{ name: jq, version: [1] }]", "dependencies.binaries[0].version", 'dependencies.binaries[0].version: expected a semver range such as ">=1.6", got a list'],
    ["dependencies:\n  binaries: ['rm -rf /']", "dependencies.binaries[0]", 'dependencies.binaries[0]: "rm -rf /" is not a plain command name (letters, digits, . _ + - only); it is never run'],
    ["dependencies:\n  binaries: ['$(touch x)']", "dependencies.binaries[0]", 'dependencies.binaries[0]: "$(touch x)" is not a plain command name (letters, digits, . _ + - only); it is never run'],
    ["prerequisites:\n  commands: ['../../bin/sh']", "prerequisites.commands[0]", 'prerequisites.commands[0]: "../../bin/sh" is not a plain command name (letters, digits, . _ + - only); it is never run'],
    ["dependencies:\n  env_vars: ['A-B']", "dependencies.env_vars[0]", 'dependencies.env_vars[0]: "A-B" is not an environment variable name'],
    ["required_environment_variables: {name: X}", "required_environment_variables", "required_environment_variables: expected a list, got a mapping"],
    ["required_credential_files: ['../secrets']", "required_credential_files[0]", 'required_credential_files[0]: "../secrets" must be a path relative to HERMES_HOME that stays inside it'],
    ["required_credential_files: ['/etc/shadow']", "required_credential_files[0]", 'required_credential_files[0]: "/etc/shadow" must be a path relative to HERMES_HOME that stays inside it'],
    ["platforms: 3", "platforms", "platforms: expected a list such as [linux, macos], got number"],
    ["platforms: [linux, beos]", "platforms[1]", 'platforms[1]: expected linux, macos or windows, got "beos"'],
  ])("rejects %j naming the field", (yaml, field, message) => {
    expect(readRequirements(fm(yaml)).errors).toEqual([{ field, message }]);
  });

  it("keeps the good requirements next to a bad one", () => {
    const r = readRequirements(fm("dependencies:\n  binaries: [git, 3, node]"));
    expect(r.requirements.map((q) => q.name)).toEqual(["git", "node"]);
    expect(r.errors.map((e) => e.field)).toEqual(["dependencies.binaries[1]"]);
  });

  it.each([["darwin", "macos"], ["win32", "windows"], ["Linux", "linux"]])("maps platform alias %s to %s", (alias, platform) => {
    expect(readRequirements({ platforms: alias }).platforms).toEqual([platform]);
  });
});

describe("isPlainCommandName", () => {
  it.each([["git", true], ["python3.11", true], ["g++", true], ["docker-compose", true], ["", false], ["a b", false], ["a;b", false], ["a/b", false], ["-rf", false], [".", false], ["..", false], ["`id`", false], ["x".repeat(129), false]])("%j → %s", (name, ok) => {
    expect(isPlainCommandName(name)).toBe(ok);
  });
});

describe("checkSkillMeta", () => {
  it.each([
    [{ name: "fleet-sitrep", description: "d" }, "fleet-sitrep", []],
    [{ name: undefined, description: "d" }, "x", [{ field: "name", message: "name: missing; expected the folder name" }]],
    [{ name: "Fleet", description: "d" }, "Fleet", [{ field: "name", message: 'name: "Fleet" must be 1-64 characters of a-z, 0-9 and -' }]],
    [{ name: "a", description: "d" }, "b", [{ field: "name", message: 'name: "a" does not match its folder "b"' }]],
    [{ name: "a", description: " " }, "a", [{ field: "description", message: "description: missing; expected 1-1024 characters" }]],
    [{ name: "a", description: "x".repeat(1025) }, "a", [{ field: "description", message: "description: 1025 characters, expected at most 1024" }]],
  ])("%j in folder %s", (skill, folder, problems) => {
    expect(checkSkillMeta(skill, folder)).toEqual(problems);
  });
});
