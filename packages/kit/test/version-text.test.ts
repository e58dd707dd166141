import { describe, expect, it } from "vitest";
import { extractVersion } from "../src/version-text.ts";

describe("extractVersion", () => {
  it.each([
    ["v20.20.2", "20.20.2"],
    ["Python 3.12.1", "3.12.1"],
    ["git version 2.43.0 (Apple Git-115)", "2.43.0"],
    ["Python 3.13", "3.13.0"],
    ["jq-1.6", "1.6.0"],
    ["tool1 version 2.2.3", "2.2.3"],
    ["x264 0.164.3095", "0.164.3095"],
    ["no digits here", undefined],
    ["build 42", undefined],
  ])("extractVersion(%j) = %j", (output, version) => {
    expect(extractVersion(output)).toBe(version);
  });
});
