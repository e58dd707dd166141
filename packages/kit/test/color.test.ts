import { describe, expect, it } from "vitest";
import { colorsFor, shouldColor, stripAnsi } from "../src/color.ts";

describe("shouldColor (decided per stream, never by picocolors' own detection)", () => {
  it.each<[string, boolean, NodeJS.ProcessEnv, boolean]>([
    ["tty, plain env", true, {}, true],
    ["pipe, plain env", false, {}, false],
    ["pipe under CI (picocolors would colour)", false, { CI: "true" }, false],
    ["tty with NO_COLOR", true, { NO_COLOR: "1" }, false],
    ["tty with empty NO_COLOR (spec: ignored)", true, { NO_COLOR: "" }, true],
    ["tty with TERM=dumb", true, { TERM: "dumb" }, false],
    ["pipe with FORCE_COLOR=1", false, { FORCE_COLOR: "1" }, true],
    ["FORCE_COLOR=0 on a tty", true, { FORCE_COLOR: "0" }, false],
    ["FORCE_COLOR beats NO_COLOR", false, { FORCE_COLOR: "1", NO_COLOR: "1" }, true],
  ])("%s", (_name, isTTY, env, expected) => {
    expect(shouldColor({ isTTY }, env)).toBe(expected);
  });

  it("disabled colours emit no ANSI; enabled ones do", async () => {
    expect((await colorsFor({ isTTY: false }, {})).red("x")).toBe("x");
    const on = (await colorsFor({ isTTY: true }, {})).red("x");
    expect(on).not.toBe("x");
    expect(stripAnsi(on)).toBe("x");
  });
});
