import { mkdirSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadHostEnv, parseDotEnv, readDotEnv } from "../src/env.ts";
import { resolveHermesHome, resolvePath } from "../src/paths.ts";
import { testdir } from "../testing/index.ts";

describe("parseDotEnv", () => {
  it("reads the forms python-dotenv accepts", () => {
    const vars = parseDotEnv('\uFEFF# comment\nA=1\nexport B="two words"\nC=\'single\'\nD=x # trailing\r\nbad line\nE=\n');
    expect(Object.fromEntries(vars)).toEqual({ A: "1", B: "two words", C: "single", D: "x", E: "" });
  });

  it("parses the same text again to an equal map the caller owns (a change to one never shows in the next)", () => {
    const text = "A=1\nB=2\n";
    const first = parseDotEnv(text);
    first.set("A", "changed");
    first.delete("B");
    const second = parseDotEnv(`A=1\nB=${2}\n`);
    expect(Object.fromEntries(second)).toEqual({ A: "1", B: "2" });
    expect(second).not.toBe(first);
    expect(Object.fromEntries(parseDotEnv("A=3\n"))).toEqual({ A: "3" });
  });
});

describe("loadHostEnv", () => {
  it("prefers the process env, falls back to $HERMES_HOME/.env, and says which", () => {
    const home = testdir();
    writeFileSync(join(home, ".env"), "GITEA_TOKEN=fromfile\nOPENROUTER_API_KEY=filekey\nEMPTY=\n");
    const env = loadHostEnv(home, { GITEA_TOKEN: "fromenv", EMPTY2: "" });
    expect([env.get("GITEA_TOKEN"), env.sourceOf("GITEA_TOKEN")]).toEqual(["fromenv", "env"]);
    expect([env.get("OPENROUTER_API_KEY"), env.sourceOf("OPENROUTER_API_KEY")]).toEqual(["filekey", "dotenv"]);
    expect([env.get("EMPTY"), env.sourceOf("EMPTY2"), env.get("NOPE")]).toEqual([undefined, undefined, undefined]);
    // Names only, sorted, empty values left out: what sourceOf answers from.
    expect(env.definedNames()).toEqual({ env: ["GITEA_TOKEN"], dotenv: ["GITEA_TOKEN", "OPENROUTER_API_KEY"] });
    expect(JSON.stringify(env.definedNames())).not.toMatch(/fromfile|fromenv|filekey/);
  });

  it("a missing .env is empty; a directory in its place is an error naming it", () => {
    const home = testdir();
    expect(readDotEnv(join(home, ".env")).size).toBe(0);
    mkdirSync(join(home, ".env"));
    expect(() => readDotEnv(join(home, ".env"))).toThrow(expect.objectContaining({ code: "INVALID_ENV_FILE", path: join(home, ".env") }));
  });
});

describe("paths", () => {
  it("flag > env > default for HERMES_HOME, with ~ expanded", () => {
    expect(resolveHermesHome("/x", { HERMES_HOME: "/y" })).toBe("/x");
    expect(resolveHermesHome(undefined, { HERMES_HOME: "/y" })).toBe("/y");
    expect(resolveHermesHome(undefined, {})).toBe(join(homedir(), ".hermes"));
    expect(resolveHermesHome("~/h", {})).toBe(join(homedir(), "h"));
  });
  it("resolvePath walks env names in order", () => {
    expect(resolvePath(undefined, ["A", "B"], "/d", { B: "/b" })).toEqual({ path: "/b", source: "B" });
    expect(resolvePath("/f", ["A"], "/d", { A: "/a" })).toEqual({ path: "/f", source: "flag" });
    expect(resolvePath(undefined, ["A"], "/d", {})).toEqual({ path: "/d", source: "default" });
  });
});
