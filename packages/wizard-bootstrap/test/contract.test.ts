import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { testdir } from "@wizard-council/kit/testing";
import { loadContract, parseContract } from "../src/contract.ts";
import { classifyMode, globMatcher } from "../src/secret-files.ts";
import { rejection } from "./host.ts";

describe("the bundled contract", () => {
  it("loads as version 1.0.0 with every section the spec names", async () => {
    const c = await loadContract();
    expect(c.version).toBe("1.0.0");
    expect(c.source).toBe("bundled");
    expect(c.runtimes).toEqual([
      { name: "node", command: "node", range: ">=20", required: true },
      { name: "python3", command: "python3", range: ">=3.11", required: true },
    ]);
    expect(c.binaries.map((b) => [b.name, b.required])).toEqual([["git", true], ["ssh", true], ["curl", true], ["rsync", false]]);
    expect(c.secretFiles).toEqual([".env", "gitea_token*", "keystore.json"]);
    expect(c.hermesHome).toEqual({ folders: ["skills", "sessions", "logs", "memories"], files: ["config.yaml"] });
    expect(c.hermesAgent).toEqual({ required: true, command: "hermes", python: "python3", module: "hermes_constants" });
    expect(c.llmProvider?.keys).toContain("ANTHROPIC_API_KEY");
    expect(c.gitea).toEqual({ required: true });
    expect(c.telegram).toEqual({ required: true, chatIdVars: ["TELEGRAM_CHAT_ID", "TELEGRAM_HOME_CHANNEL", "OBSERVATORY_ALERT_CHAT_ID"] });
  });

  it("applies defaults for omitted fields and leaves out omitted sections", async () => {
    const c = await parseContract('version: "2.1.0"\nruntimes:\n  - name: python3\nbinaries:\n  - name: git\n', "c.yaml", "c.yaml");
    expect(c).toEqual({
      version: "2.1.0",
      source: "c.yaml",
      runtimes: [{ name: "python3", command: "python3", required: true }],
      binaries: [{ name: "git", required: true }],
      hermesHome: { folders: [], files: [] },
      secretFiles: [],
    });
  });
});

describe("a malformed contract is INVALID_CONTRACT naming the line", () => {
  it.each([
    ["unknown top-level key", 'version: "1.0.0"\nruntimez: []\n', 2, 'unknown key "runtimez" in the contract'],
    ["unknown key in an entry", 'version: "1.0.0"\nruntimes:\n  - name: node\n    rnage: ">=20"\n', 4, 'unknown key "rnage" in runtimes[0]'],
    ["bad semver range", 'version: "1.0.0"\nruntimes:\n  - name: node\n  - name: python3\n    range: ">=3.x.banana"\n', 5, 'runtimes[1].range must be a semver range (e.g. ">=3.11"), got ">=3.x.banana"'],
    ["required is a string", 'version: "1.0.0"\nbinaries:\n  - name: git\n    required: "yes"\n', 4, 'binaries[0].required must be true or false, got "yes"'],
    ["list where a mapping belongs", 'version: "1.0.0"\ngitea: [true]\n', 2, "gitea must be a mapping, got a list"],
    ["version not semver", 'version: "one"\n', 1, 'version must be a semver version like "1.0.0", got "one"'],
    ["missing version", "runtimes: []\n", 1, 'the contract is missing "version"'],
    ["env name with a space", 'version: "1.0.0"\nllm_provider:\n  keys:\n    - OPENAI_API_KEY\n    - "BAD NAME"\n', 5, 'llm_provider.keys[1] has an invalid value "BAD NAME"'],
    ["secret file escaping HERMES_HOME", 'version: "1.0.0"\nsecret_files: ["../etc/shadow"]\n', 2, 'secret_files[0] has an invalid value "../etc/shadow"'],
    ["broken YAML", 'version: "1.0.0"\nruntimes: [\n  - name: node\n', 3, "not valid YAML"],
    ["not a mapping", "- just\n- a list\n", 1, "the contract must be a mapping, got a list"],
  ])("%s", async (_name, text, line, message) => {
    const err = await rejection(parseContract(text, "/etc/wc/contract.yaml", "x"));
    expect(err).toMatchObject({ code: "INVALID_CONTRACT", path: "/etc/wc/contract.yaml" });
    expect(err.message).toContain(`/etc/wc/contract.yaml line ${line}: ${message}`);
  });

  it("names a contract file that does not exist", async () => {
    const missing = join(testdir(), "nope.yaml");
    await expect(loadContract(missing)).rejects.toMatchObject({ code: "INVALID_CONTRACT", message: `environment contract ${missing}: no such file` });
  });

  it("reads a contract file from disk and records its path as the source", async () => {
    const path = join(testdir(), "c.yaml");
    writeFileSync(path, 'version: "1.2.3"\nbinaries: [{ name: jq, required: false }]\n');
    const c = await loadContract(path);
    expect([c.version, c.source, c.binaries]).toEqual(["1.2.3", path, [{ name: "jq", required: false }]]);
  });
});

describe("pure helpers", () => {
  it.each([
    [0o600, "private"],
    [0o400, "private"],
    [0o700, "private"],
    [0o640, "readable"],
    [0o604, "readable"],
    [0o644, "readable"],
    [0o620, "writable"],
    [0o602, "writable"],
  ] as const)("classifyMode(%o) = %s", (mode, kind) => {
    expect(classifyMode(mode)).toBe(kind);
  });

  it.each([
    ["gitea_token*", "gitea_token", true],
    ["gitea_token*", "gitea_token.bak", true],
    ["gitea_token*", "my_gitea_token", false],
    [".env", ".env", true],
    [".env", "xenv", false],
    ["keystore.json", "keystore-json", false],
  ])("globMatcher(%j)(%j) = %s", (pattern, name, result) => {
    expect(globMatcher(pattern)(name)).toBe(result);
  });
});
