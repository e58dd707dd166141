import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { cleanEnv, parseSingleReport, runBin, testdir } from "@wizard-council/kit/testing";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { binOf, BUNDLED_SKILLS, schemaOf, TOOLS, type Tool } from "./tools.ts";

/** A command per tool that prints a real JSON report without touching the network. */
const REPORT_ARGS: Record<Tool, string[]> = {
  "cycle-guard": ["status"],
  "wizard-bootstrap": ["--offline", "--only", "hermes_home"],
  "skills-audit": ["--json"],
  "dependency-checker": ["--skills-dir", BUNDLED_SKILLS],
  "monthly-audit": ["--offline", "--include", "cycles,skills"],
  "fleet-status": ["--registry", "$HOME/fleet.yaml"],
  "observatory-check": ["history"],
};

// The parts of CONTRACT.md §1–2 that every tool keeps, checked on every built bin.
describe.each(TOOLS)("%s keeps the CLI contract", (tool) => {
  const bin = binOf(tool);

  it("--help: usage on stdout, exit 0, nothing on stderr", async () => {
    const r = await runBin(bin, ["--help"], { env: cleanEnv({ HERMES_HOME: testdir() }) });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("USAGE");
    expect(r.stdout).toContain(tool);
    expect(r.stderr).toBe("");
  });

  it("--version prints the package version", async () => {
    const r = await runBin(bin, ["--version"]);
    expect([r.code, r.stdout]).toEqual([0, "0.1.0\n"]);
  });

  it("an unknown flag is exit 2: one error line last on stderr, usage before it, one valid error envelope on stdout", async () => {
    const command = tool === "cycle-guard" ? ["status"] : []; // cycle-guard has no default command
    const r = await runBin(bin, [...command, "--no-such-flag"], { env: cleanEnv({ HERMES_HOME: testdir() }) });
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines.at(-1)).toBe(`${tool}: unknown flag --no-such-flag`);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    const report = parseSingleReport(r.stdout, schemaOf(tool));
    expect(report).toMatchObject({ tool, status: "error", error: { code: "UNKNOWN_FLAG" } });
  });

  it.each([
    ["--help", "head -c 1 >/dev/null"],
    ["--help", "true"],
    ["report", "head -c 1 >/dev/null"],
    ["report", "true"],
  ])("%s | %s: a reader that closes the pipe early gets no EPIPE trace", (what, reader) => {
    const home = testdir();
    writeFileSync(join(home, "fleet.yaml"), "wizards:\n  - { name: a, host: lo, gateway: { url: \"http://127.0.0.1:9/health\" } }\n");
    const args = what === "--help" ? "--help" : REPORT_ARGS[tool].map((a) => a.replace("$HOME", home)).join(" ");
    // --norc: Debian's bash sources ~/.bashrc when its stdin is a socket, as Node's pipes are.
    // `| true` closes the pipe before the tool has started, so its first write meets EPIPE.
    const r = spawnSync("bash", ["--norc", "-c", `node ${bin} ${args} | ${reader}; echo "rc=\${PIPESTATUS[0]}" >&2`], { encoding: "utf8", env: cleanEnv({ HERMES_HOME: home }) });
    expect(r.stderr).toMatch(/^rc=[01]\n$/); // the tool's own verdict, and not a word more
  });
});
