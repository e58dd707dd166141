import { describe, expect, it } from "vitest";
import { parseIntArg, parseListArg, parseNumberArg } from "../src/args.ts";

describe("parseIntArg", () => {
  it.each([["10", 10], [" 7 ", 7], ["0", 0], [undefined, undefined], ["", undefined]])("%j → %j", (v, n) => {
    expect(parseIntArg(v, "--limit")).toBe(n);
  });
  it.each(["abc", "1.5", "10x", "1e3", "--3"])("%j is a usage error naming the flag", (v) => {
    expect(() => parseIntArg(v, "--limit")).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT", path: "--limit" }));
  });
  it("enforces the range", () => {
    expect(() => parseIntArg("0", "OBSERVATORY_ALERT_AFTER", { min: 1 })).toThrow("OBSERVATORY_ALERT_AFTER must be at least 1, got 0");
  });
});

describe("parseNumberArg", () => {
  it("accepts decimals and names the variable on garbage", () => {
    expect(parseNumberArg("99.5", "X")).toBe(99.5);
    expect(() => parseNumberArg("abc", "OBSERVATORY_DISK_WARN_PCT")).toThrow('OBSERVATORY_DISK_WARN_PCT must be a number, got "abc"');
  });
});

describe("parseListArg", () => {
  it("splits commas and repeated flags", () => {
    expect(parseListArg(["a,b", " c "])).toEqual(["a", "b", "c"]);
    expect(parseListArg(undefined)).toEqual([]);
  });
});
