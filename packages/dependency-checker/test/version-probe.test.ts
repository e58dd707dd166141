import { join } from "node:path";
import semver from "semver";
import { describe, expect, it } from "vitest";
import { testdir } from "@wizard-council/kit/testing";
import { createVersionProber } from "../src/index.ts";
import { writeBin } from "./fixtures.ts";

const prober = (timeoutMs = 10_000) => createVersionProber({ timeoutMs, env: { PATH: "/usr/bin:/bin" }, coerce: (t) => semver.coerce(t) });

describe("createVersionProber", () => {
  it.each([
    ["git-like", 'echo "git version 2.39.2"', "2.39.2"],
    ["jq-like", 'echo "jq-1.6"', "1.6.0"],
    ["node-like", 'echo "v20.19.1"', "20.19.1"],
    ["stderr only", 'echo "tool 3.1" >&2', "3.1.0"],
    ["non-zero exit with a version", 'echo "legacy 1.2.3"; exit 1', "1.2.3"],
    ["a name with a digit before the version", 'echo "tool1 version 2.2.3"', "2.2.3"],
    ["x264-like", 'echo "x264 0.164.3095"', "0.164.3095"],
    ["python3-like", 'echo "Python 3.11.7"', "3.11.7"],
  ])("reads %s output", async (_label, script, version) => {
    const bin = writeBin(testdir(), "tool", script);
    const r = await prober().probe(bin);
    expect(r).toEqual({ ok: true, version, raw: expect.any(String) });
  });

  it("passes only --version, as one argument, without a shell", async () => {
    const dir = testdir();
    const bin = writeBin(dir, "args", 'printf "%s|" "$#" "$@"; echo " 1.0.0"');
    const r = await prober().probe(bin);
    expect(r.ok && r.raw).toBe("1|--version| 1.0.0");
  });

  it.each([
    ["no version in the output", 'echo "hello"', 'no version number in its --version output ("hello")'],
    ["a silent failure", "exit 3", "--version exited with code 3"],
    ["a failure whose stderr has numbers", 'echo "line 2: thing 4.5 not found" >&2; exit 127', "--version exited with code 127"],
  ])("reports %s", async (_label, script, reason) => {
    const r = await prober().probe(writeBin(testdir(), "tool", script));
    expect(r).toEqual({ ok: false, reason });
  });

  it("kills a --version that hangs after the timeout", async () => {
    const bin = writeBin(testdir(), "hang", 'echo "partial 9.9.9"; exec /bin/sleep 60');
    const r = await prober(300).probe(bin);
    expect(r).toEqual({ ok: false, reason: "--version did not finish within 300 ms" });
  });

  it("reports a binary that cannot be executed", async () => {
    const r = await prober().probe(join(testdir(), "missing"));
    expect(r).toEqual({ ok: false, reason: "could not run --version: ENOENT" });
  });

  it("spawns each path once, however often it is asked", async () => {
    const dir = testdir();
    const p = prober();
    const a = writeBin(dir, "a", 'echo "a 1.0.0"');
    const b = writeBin(dir, "b", 'echo "b 2.0.0"');
    const results = await Promise.all([a, b, a, a, b, a].map((bin) => p.probe(bin)));
    expect(results.map((r) => r.ok && r.version)).toEqual(["1.0.0", "2.0.0", "1.0.0", "1.0.0", "2.0.0", "1.0.0"]);
    expect(p.spawned).toBe(2);
  });
});
