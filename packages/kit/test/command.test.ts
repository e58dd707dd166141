import { defineCommand } from "citty";
import { describe, expect, it } from "vitest";
import { resolveCommand, validateArgs } from "../src/command.ts";

const check = defineCommand({ meta: { name: "check" }, args: { db: { type: "string" }, json: { type: "boolean" } }, run: () => "check" });
const history = defineCommand({ meta: { name: "history" }, args: { n: { type: "positional", required: false } }, run: () => "history" });
const root = defineCommand({ meta: { name: "obs" }, default: "check", subCommands: { check, history } });

describe("resolveCommand", () => {
  it.each([
    [[], ["check"], [], true],
    [["--db", "x.db"], ["check"], ["--db", "x.db"], true],
    [["--db", "history"], ["check"], ["--db", "history"], true],
    [["--json", "history", "5"], ["history"], ["--json", "5"], false],
    [["history"], ["history"], [], false],
  ])("%j → %j with %j", async (argv, path, rest, viaDefault) => {
    const r = await resolveCommand(root as never, argv);
    expect([r.path, r.rawArgs, r.viaDefault]).toEqual([path, rest, viaDefault]);
  });

  it("loads the default command only when the line does not start with a command name", async () => {
    const loaded: string[] = [];
    const lazy = defineCommand({
      meta: { name: "obs" },
      default: "check",
      subCommands: { check: async () => (loaded.push("check"), check), history: async () => (loaded.push("history"), history) },
    });
    expect((await resolveCommand(lazy as never, ["history", "5"])).path).toEqual(["history"]);
    expect(loaded).toEqual(["history"]);
    // A flag first may belong to the default command (`obs --db history`): its args must be known.
    expect((await resolveCommand(lazy as never, ["--db", "history"])).path).toEqual(["check"]);
    expect(loaded).toEqual(["history", "check", "check"]);
  });

  it("an unknown word is UNKNOWN_COMMAND", async () => {
    await expect(resolveCommand(root as never, ["histroy"])).rejects.toMatchObject({ code: "UNKNOWN_COMMAND", path: "histroy" });
  });
});

describe("validateArgs", () => {
  const argsDef = { db: { type: "string" }, json: { type: "boolean" }, maxMinutes: { type: "string" }, n: { type: "positional" } } as const;
  it.each([
    [["--db", "x"]],
    [["--db=x", "--json"]],
    [["--max-minutes", "5"]],
    [["--maxMinutes", "5"]],
    [["--no-json"]],
    [["7"]],
    [["--db", "-"]],
    [["--", "-weird-positional"]],
  ])("%j is accepted", (argv) => {
    expect(() => validateArgs(argv, argsDef as never)).not.toThrow();
  });
  it.each([
    [["--dbx", "x"], "UNKNOWN_FLAG"],
    [["--db"], "MISSING_VALUE"],
    [["1", "2"], "UNEXPECTED_ARGUMENT"],
    [["--json=maybe"], "INVALID_ARGUMENT"],
  ])("%j is %s", (argv, code) => {
    expect(() => validateArgs(argv, argsDef as never)).toThrow(expect.objectContaining({ code }));
  });
});
