import semver from "semver";
import { describe, expect, it } from "vitest";
import { coerceSimple, isSimpleRange, satisfiesSimple } from "../src/semver-lite.ts";

// Every answer semver-lite gives must be semver's; where it does not know, it must say so.
const VERSIONS = ["0.0.0", "0.0.1", "0.1.0", "0.9.9", "1.0.0", "1.2.2", "1.2.3", "1.2.4", "1.3.0", "1.10.0", "2.0.0", "2.0.1", "10.2.3", "20.19.1", "123456789012345.0.0"];
const OPS = ["", "=", ">", ">=", "<", "<="];
const TARGETS = ["0", "1", "2", "10", "0.0", "1.2", "1.3", "2.0", "0.0.0", "1.2.3", "1.3.0", "2.0.0", "20.19.1"];

describe("satisfiesSimple", () => {
  const ranges = [...OPS.flatMap((op) => TARGETS.map((t) => `${op}${t}`)), ">=1.2 <2", ">1 <=2.0", "  >=1.6  ", ">=1.0.0 <1.2.3 >0"];
  it.each(ranges)("answers %j as semver does for every version", (range) => {
    expect(isSimpleRange(range)).toBe(true);
    expect(semver.validRange(range)).not.toBeNull();
    for (const v of VERSIONS) expect([v, satisfiesSimple(v, range)]).toEqual([v, semver.satisfies(v, range)]);
  });

  it.each(["^1.2", "~1.2", "1.x", "*", "", ">= 1.2", "1.2 - 2", ">=1 || <0.5", "v1.2", ">=01.2", ">=1.2.3-beta", "latest please", "1234567890123456"])("leaves %j to semver", (range) => {
    expect(isSimpleRange(range)).toBe(false);
    expect(satisfiesSimple("1.2.3", range)).toBeUndefined();
  });
});

describe("coerceSimple", () => {
  it.each(["1.2.3", "0.0.0", "20.19.1", "999999999999999.0.1"])("keeps %j exactly as semver.coerce does", (text) => {
    expect(coerceSimple(text)).toBe(semver.coerce(text)!.version);
  });

  it.each(["01.2.3", "1.2", "v1.2.3", "1.2.3-beta", "git version 2.39.2", "1234567890123456.0.0", ""])("leaves %j to semver", (text) => {
    expect(coerceSimple(text)).toBeUndefined();
  });
});
