import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, lstatSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { cleanEnv, parseSingleReport, runBin, testdir } from "@wizard-council/kit/testing";
import { binOf, schemaOf, type Tool } from "./tools.ts";

/**
 * A table of malformed and adversarial inputs for all seven tools. For each: the exit code is 2
 * (or 1 with an `error` finding where the spec makes the item, not the run, fail), stderr is one
 * line naming the input, no stack trace, stdout one valid envelope, no pre-existing file under the
 * test's temp dir changed, and nothing appeared in the working directory.
 */

interface Dirs {
  root: string;
  home: string;
  cwd: string;
  skills: string;
}

interface Case {
  tool: Tool;
  name: string;
  args: (d: Dirs) => string[];
  setup?: (d: Dirs) => void;
  env?: (d: Dirs) => NodeJS.ProcessEnv;
  stdin?: string | Buffer;
  /** 2: the run is refused; 1: the run goes on and this finding id is an `error`. */
  exit: 2 | 1;
  /** Text the stderr line (exit 2) or the error finding (exit 1) must contain. */
  names: (d: Dirs) => string;
  errorFinding?: string;
  /** The status that finding must have (default `error`; `fail` where the thing was checked and is wrong). */
  findingStatus?: "error" | "fail";
}

const write = (p: string, content: string | Buffer) => {
  mkdirSync(join(p, ".."), { recursive: true });
  writeFileSync(p, content);
};
const skill = (d: Dirs, id: string, text: string | Buffer) => write(join(d.skills, id, "SKILL.md"), text);
const okSkill = (name: string) => `---\nname: ${name}\ndescription: A well-formed skill.\n---\nBody.\n`;
const deep = (n: number) => "[".repeat(n) + "]".repeat(n);
const NON_UTF8 = Buffer.from([0xff, 0xfe, 0xfd, 0x00, 0xc3, 0x28, 0x0a]);

const cases: Case[] = [
  // ── cycle-guard ─────────────────────────────────────────────────────────
  { tool: "cycle-guard", name: "state file that is not JSON", setup: (d) => write(join(d.home, "cycle-guard/state.json"), "{not json"), args: () => ["status"], exit: 2, names: (d) => join(d.home, "cycle-guard/state.json") },
  { tool: "cycle-guard", name: "state file with non-UTF-8 bytes", setup: (d) => write(join(d.home, "cycle-guard/state.json"), NON_UTF8), args: () => ["status"], exit: 2, names: (d) => join(d.home, "cycle-guard/state.json") },
  { tool: "cycle-guard", name: "state file of the wrong JSON type", setup: (d) => write(join(d.home, "cycle-guard/state.json"), "[1,2,3]"), args: () => ["slice", "x"], exit: 2, names: (d) => join(d.home, "cycle-guard/state.json") },
  { tool: "cycle-guard", name: "state file with wrong field types", setup: (d) => write(join(d.home, "cycle-guard/state.json"), '{"status": 5, "slices": "nope"}'), args: () => ["status"], exit: 2, names: (d) => join(d.home, "cycle-guard/state.json") },
  { tool: "cycle-guard", name: "state file nested 100,000 deep", setup: (d) => write(join(d.home, "cycle-guard/state.json"), deep(100_000)), args: () => ["status"], exit: 2, names: (d) => join(d.home, "cycle-guard/state.json") },
  { tool: "cycle-guard", name: "state path is a directory", setup: (d) => mkdirSync(join(d.root, "statedir"), { recursive: true }), args: (d) => ["status", "--state", join(d.root, "statedir")], exit: 2, names: (d) => join(d.root, "statedir") },
  { tool: "cycle-guard", name: "state path under a regular file", setup: (d) => write(join(d.root, "afile"), "x"), args: (d) => ["start", "t", "--state", join(d.root, "afile/state.json")], exit: 2, names: (d) => join(d.root, "afile") },
  { tool: "cycle-guard", name: "slice with no cycle", args: () => ["slice", "s1"], exit: 2, names: () => "no cycle in progress" },
  { tool: "cycle-guard", name: "proof that is not JSON", setup: (d) => write(join(d.home, "cycle-guard/state.json"), JSON.stringify({ cycle_id: "c1", status: "in_progress", target: "t", slices: [], started_at: new Date().toISOString() })), args: () => ["commit", "--proof", "{bad"], exit: 2, names: () => "proof" },
  { tool: "cycle-guard", name: "proof from empty stdin", setup: (d) => write(join(d.home, "cycle-guard/state.json"), JSON.stringify({ cycle_id: "c1", status: "in_progress", target: "t", slices: [], started_at: new Date().toISOString() })), args: () => ["commit", "--proof", "-"], stdin: "", exit: 2, names: () => "stdin" },
  { tool: "cycle-guard", name: "proof file that does not exist", setup: (d) => write(join(d.home, "cycle-guard/state.json"), JSON.stringify({ cycle_id: "c1", status: "in_progress", target: "t", slices: [], started_at: new Date().toISOString() })), args: (d) => ["commit", "--proof", `@${join(d.root, "missing.json")}`], exit: 2, names: (d) => join(d.root, "missing.json") },
  { tool: "cycle-guard", name: "--max-minutes that is not a number", args: () => ["check", "--max-minutes", "abc"], exit: 2, names: () => "--max-minutes" },
  { tool: "cycle-guard", name: "--limit below zero", args: () => ["log", "--limit", "-5"], exit: 2, names: () => "--limit" },
  { tool: "cycle-guard", name: "--since that is not a date", args: () => ["log", "--since", "yesterday-ish"], exit: 2, names: () => "--since" },
  { tool: "cycle-guard", name: "--stale-minutes with junk", args: () => ["resume", "--stale-minutes", "1e9x"], exit: 2, names: () => "--stale-minutes" },
  { tool: "cycle-guard", name: "start without a target", args: () => ["start"], exit: 2, names: () => "TARGET" },
  { tool: "cycle-guard", name: "end --status outside the set", setup: (d) => write(join(d.home, "cycle-guard/state.json"), JSON.stringify({ cycle_id: "c1", status: "in_progress", target: "t", slices: [{ name: "s", started_at: new Date().toISOString(), ended_at: null, status: "in_progress" }], started_at: new Date().toISOString() })), args: () => ["end", "--status", "great"], exit: 2, names: () => "--status" },

  // ── wizard-bootstrap ────────────────────────────────────────────────────
  { tool: "wizard-bootstrap", name: "contract file that does not exist", args: (d) => ["--offline", "--contract", join(d.root, "nope.yaml")], exit: 2, names: (d) => join(d.root, "nope.yaml") },
  { tool: "wizard-bootstrap", name: "contract with broken YAML", setup: (d) => write(join(d.root, "c.yaml"), "version: 1.0.0\nruntimes:\n  - name: node\n   range: [\n"), args: (d) => ["--offline", "--contract", join(d.root, "c.yaml")], exit: 2, names: (d) => `${join(d.root, "c.yaml")}` },
  { tool: "wizard-bootstrap", name: "contract with wrong types", setup: (d) => write(join(d.root, "c.yaml"), "version: [1]\nruntimes: 5\n"), args: (d) => ["--offline", "--contract", join(d.root, "c.yaml")], exit: 2, names: (d) => join(d.root, "c.yaml") },
  { tool: "wizard-bootstrap", name: "contract that is a directory", setup: (d) => mkdirSync(join(d.root, "cdir")), args: (d) => ["--offline", "--contract", join(d.root, "cdir")], exit: 2, names: (d) => join(d.root, "cdir") },
  { tool: "wizard-bootstrap", name: "contract of non-UTF-8 bytes via env", setup: (d) => write(join(d.root, "c.bin"), NON_UTF8), args: () => ["--offline"], env: (d) => ({ WIZARD_ENVIRONMENT_CONTRACT: join(d.root, "c.bin") }), exit: 2, names: (d) => join(d.root, "c.bin") },
  { tool: "wizard-bootstrap", name: "contract nested 10,000 deep", setup: (d) => write(join(d.root, "c.yaml"), deep(10_000)), args: (d) => ["--offline", "--contract", join(d.root, "c.yaml")], exit: 2, names: (d) => join(d.root, "c.yaml") },
  { tool: "wizard-bootstrap", name: "--only with an unknown check", args: () => ["--offline", "--only", "no_such_check"], exit: 2, names: () => "no_such_check" },
  { tool: "wizard-bootstrap", name: "--timeout that is not a number", args: () => ["--offline", "--timeout", "soon"], exit: 2, names: () => "--timeout" },
  { tool: "wizard-bootstrap", name: "--deadline below zero", args: () => ["--offline", "--deadline", "-1"], exit: 2, names: () => "--deadline" },
  { tool: "wizard-bootstrap", name: "HERMES_HOME that is a file", setup: (d) => write(join(d.root, "home-file"), "x"), args: (d) => ["--offline", "--only", "hermes_home", "--hermes-home", join(d.root, "home-file")], exit: 1, errorFinding: "hermes_home", findingStatus: "fail", names: (d) => `${join(d.root, "home-file")} is not a directory` },

  // ── skills-audit ────────────────────────────────────────────────────────
  { tool: "skills-audit", name: "--source that does not exist", args: (d) => ["--source", join(d.root, "nope"), "--target", join(d.home, "skills")], exit: 2, names: (d) => join(d.root, "nope") },
  { tool: "skills-audit", name: "--source that is a file", setup: (d) => write(join(d.root, "src-file"), "x"), args: (d) => ["--source", join(d.root, "src-file"), "--target", join(d.home, "skills")], exit: 2, names: (d) => join(d.root, "src-file") },
  { tool: "skills-audit", name: "--target that is a file", setup: (d) => { skill(d, "devops/a", okSkill("a")); write(join(d.root, "tgt-file"), "x"); }, args: (d) => ["--source", d.skills, "--target", join(d.root, "tgt-file")], exit: 2, names: (d) => join(d.root, "tgt-file") },
  { tool: "skills-audit", name: "a source skill with broken YAML", setup: (d) => { skill(d, "devops/a", okSkill("a")); skill(d, "devops/bad", "---\nname: [bad\n---\n"); }, args: (d) => ["--source", d.skills, "--target", join(d.home, "skills")], exit: 1, errorFinding: "devops/bad", names: () => "SKILL.md" },
  { tool: "skills-audit", name: "a symlink loop in the source", setup: (d) => { skill(d, "devops/a", okSkill("a")); mkdirSync(join(d.skills, "loop"), { recursive: true }); symlinkSync(join(d.skills, "loop"), join(d.skills, "loop", "again")); }, args: (d) => ["--source", d.skills, "--target", join(d.home, "skills")], exit: 1, names: () => "" },
  { tool: "skills-audit", name: "a target skill that is a symlink out of the target", setup: (d) => { skill(d, "devops/a", okSkill("a")); mkdirSync(join(d.home, "skills/devops"), { recursive: true }); mkdirSync(join(d.root, "elsewhere")); symlinkSync(join(d.root, "elsewhere"), join(d.home, "skills/devops/a")); }, args: (d) => ["--source", d.skills, "--target", join(d.home, "skills"), "--fix"], exit: 1, errorFinding: "devops/a", names: () => "symlink" },
  { tool: "skills-audit", name: "a manifest of binary garbage", setup: (d) => { skill(d, "devops/a", okSkill("a")); write(join(d.home, "skills/.bundled_manifest"), NON_UTF8); }, args: (d) => ["--source", d.skills, "--target", join(d.home, "skills")], exit: 2, names: (d) => join(d.home, "skills/.bundled_manifest") },

  // ── dependency-checker ──────────────────────────────────────────────────
  { tool: "dependency-checker", name: "--skills-dir that does not exist", args: (d) => ["--skills-dir", join(d.root, "nope")], exit: 2, names: (d) => join(d.root, "nope") },
  { tool: "dependency-checker", name: "--skills-dir that is a file", setup: (d) => write(join(d.root, "f"), "x"), args: (d) => ["--skills-dir", join(d.root, "f")], exit: 2, names: (d) => join(d.root, "f") },
  { tool: "dependency-checker", name: "--skill that is not there", setup: (d) => skill(d, "devops/a", okSkill("a")), args: (d) => ["--skills-dir", d.skills, "--skill", "zzz"], exit: 2, names: () => "zzz" },
  { tool: "dependency-checker", name: "--platform outside the set", setup: (d) => skill(d, "devops/a", okSkill("a")), args: (d) => ["--skills-dir", d.skills, "--platform", "beos"], exit: 2, names: () => "beos" },
  { tool: "dependency-checker", name: "binary named 'rm -rf /'", setup: (d) => skill(d, "devops/a", "---\nname: a\ndescription: d\ndependencies:\n  binaries: ['rm -rf /']\n---\n"), args: (d) => ["--skills-dir", d.skills], exit: 1, errorFinding: "devops/a", names: () => "dependencies.binaries" },
  { tool: "dependency-checker", name: "binary named '$(touch pwned)'", setup: (d) => skill(d, "devops/a", "---\nname: a\ndescription: d\ndependencies:\n  binaries: ['$(touch pwned)']\n---\n"), args: (d) => ["--skills-dir", d.skills], exit: 1, errorFinding: "devops/a", names: () => "dependencies.binaries" },
  { tool: "dependency-checker", name: "binary named '../../bin/sh'", setup: (d) => skill(d, "devops/a", "---\nname: a\ndescription: d\nprerequisites:\n  commands: ['../../bin/sh']\n---\n"), args: (d) => ["--skills-dir", d.skills], exit: 1, errorFinding: "devops/a", names: () => "prerequisites.commands" },
  { tool: "dependency-checker", name: "---js front matter (never evaluated)", setup: (d) => skill(d, "devops/a", `---js\nrequire("fs").writeFileSync("pwned", "x"); module.exports = { name: "a" }\n---\n`), args: (d) => ["--skills-dir", d.skills], exit: 1, errorFinding: "devops/a", names: () => "js" },
  { tool: "dependency-checker", name: "broken YAML frontmatter", setup: (d) => skill(d, "devops/a", "---\nname: a\ndescription: [oops\n---\n"), args: (d) => ["--skills-dir", d.skills], exit: 1, errorFinding: "devops/a", names: () => "YAML" },
  { tool: "dependency-checker", name: "a BOM before the frontmatter", setup: (d) => skill(d, "devops/a", `\uFEFF${okSkill("a")}`), args: (d) => ["--skills-dir", d.skills], exit: 1, errorFinding: "devops/a", names: () => "BOM" },
  { tool: "dependency-checker", name: "no frontmatter at all", setup: (d) => skill(d, "devops/a", "# Just a heading\n"), args: (d) => ["--skills-dir", d.skills], exit: 1, errorFinding: "devops/a", names: () => "frontmatter" },
  { tool: "dependency-checker", name: "dependencies of the wrong type", setup: (d) => skill(d, "devops/a", "---\nname: a\ndescription: d\ndependencies:\n  binaries: 5\n---\n"), args: (d) => ["--skills-dir", d.skills], exit: 1, errorFinding: "devops/a", names: () => "dependencies.binaries" },
  { tool: "dependency-checker", name: "a 10 MB SKILL.md", setup: (d) => skill(d, "devops/a", `${okSkill("a")}${"x".repeat(10 * 1024 * 1024)}`), args: (d) => ["--skills-dir", d.skills], exit: 1, errorFinding: "devops/a", names: () => "larger" },
  { tool: "dependency-checker", name: "non-UTF-8 bytes in SKILL.md", setup: (d) => skill(d, "devops/a", Buffer.concat([Buffer.from("---\nname: a\ndescription: "), NON_UTF8, Buffer.from("\n---\n")])), args: (d) => ["--skills-dir", d.skills], exit: 1, errorFinding: "devops/a", names: () => "UTF-8" },
  { tool: "dependency-checker", name: "frontmatter nested 5,000 deep", setup: (d) => skill(d, "devops/a", `---\nname: a\ndescription: d\ndependencies: ${deep(5_000)}\n---\n`), args: (d) => ["--skills-dir", d.skills], exit: 1, errorFinding: "devops/a", names: () => "frontmatter" },
  { tool: "dependency-checker", name: "a symlink loop among the skills", setup: (d) => { skill(d, "devops/a", okSkill("a")); mkdirSync(join(d.skills, "loop"), { recursive: true }); symlinkSync(join(d.skills, "loop"), join(d.skills, "loop", "again")); }, args: (d) => ["--skills-dir", d.skills], exit: 1, names: () => "" },
  { tool: "skills-audit", name: "a frontmatter name with .. and shell metacharacters", setup: (d) => { skill(d, "devops/a", okSkill("a")); skill(d, "devops/b", "---\nname: '../; rm -rf ~'\ndescription: d\n---\n"); }, args: (d) => ["--source", d.skills, "--target", join(d.home, "skills"), "--fix"], exit: 1, errorFinding: "devops/b", names: () => "name" },

  // ── monthly-audit ───────────────────────────────────────────────────────
  { tool: "monthly-audit", name: "--input - with empty stdin", args: (d) => ["--input", "-", "--out", join(d.root, "out")], stdin: "", exit: 2, names: () => "stdin" },
  { tool: "monthly-audit", name: "--input - that is not JSON", args: (d) => ["--input", "-", "--out", join(d.root, "out")], stdin: "hello\n", exit: 2, names: () => "line 1" },
  { tool: "monthly-audit", name: "--input - whose second NDJSON line is broken", args: (d) => ["--input", "-", "--out", join(d.root, "out")], stdin: `${JSON.stringify({ schema: "wizard-council/report@1", tool: "x", version: "0.1.0", host: "h", generatedAt: "2026-11-21T00:00:00.000Z", status: "ok", summary: { ok: 0, warn: 0, fail: 0, error: 0, skip: 0 }, findings: [], data: {} })}\n{"broken\n`, exit: 2, names: () => "line 2" },
  { tool: "monthly-audit", name: "--input - that is JSON but not a report", args: (d) => ["--input", "-", "--out", join(d.root, "out")], stdin: '{"a":1}\n', exit: 2, names: () => "stdin is not a report envelope" },
  { tool: "monthly-audit", name: "--input - of non-UTF-8 bytes", args: (d) => ["--input", "-", "--out", join(d.root, "out")], stdin: NON_UTF8, exit: 2, names: () => "line 1" },
  { tool: "monthly-audit", name: "--input - nested 100,000 deep", args: (d) => ["--input", "-", "--out", join(d.root, "out")], stdin: deep(100_000), exit: 2, names: () => "stdin" },
  { tool: "monthly-audit", name: "--input file that does not exist", args: (d) => ["--input", join(d.root, "none.json"), "--out", join(d.root, "out")], exit: 2, names: (d) => join(d.root, "none.json") },
  { tool: "monthly-audit", name: "--input that is a directory", setup: (d) => mkdirSync(join(d.root, "indir")), args: (d) => ["--input", join(d.root, "indir"), "--out", join(d.root, "out")], exit: 2, names: (d) => join(d.root, "indir") },
  { tool: "monthly-audit", name: "--month 2026-13", args: () => ["--offline", "--month", "2026-13"], exit: 2, names: () => "2026-13" },
  { tool: "monthly-audit", name: "--month that is words", args: () => ["--offline", "--month", "last month"], exit: 2, names: () => "last month" },
  { tool: "monthly-audit", name: "--include with an unknown tool", args: () => ["--offline", "--include", "skills,bogus"], exit: 2, names: () => "bogus" },
  { tool: "monthly-audit", name: "--out that is a file", setup: (d) => write(join(d.root, "outfile"), "x"), args: (d) => ["--offline", "--include", "cycles", "--out", join(d.root, "outfile")], exit: 2, names: (d) => join(d.root, "outfile") },
  { tool: "monthly-audit", name: "--format outside the set", args: () => ["--offline", "--format", "pdf"], exit: 2, names: () => "--format" },

  // ── fleet-status ────────────────────────────────────────────────────────
  { tool: "fleet-status", name: "registry that does not exist", args: (d) => ["--registry", join(d.root, "fleet.yaml")], exit: 2, names: (d) => join(d.root, "fleet.yaml") },
  { tool: "fleet-status", name: "registry with broken YAML", setup: (d) => write(join(d.root, "fleet.yaml"), "wizards:\n  - name: a\n   host: [\n"), args: (d) => ["--registry", join(d.root, "fleet.yaml")], exit: 2, names: (d) => join(d.root, "fleet.yaml") },
  { tool: "fleet-status", name: "registry with wrong types", setup: (d) => write(join(d.root, "fleet.yaml"), "wizards: 5\n"), args: (d) => ["--registry", join(d.root, "fleet.yaml")], exit: 2, names: () => "wizards" },
  { tool: "fleet-status", name: "registry with an unknown key", setup: (d) => write(join(d.root, "fleet.yaml"), "wizards:\n  - name: a\n    host: h\n    gatewya: { url: http://127.0.0.1:1/ }\n"), args: (d) => ["--registry", join(d.root, "fleet.yaml")], exit: 2, names: () => "gatewya" },
  { tool: "fleet-status", name: "registry that is a directory", setup: (d) => mkdirSync(join(d.root, "fleetdir")), args: (d) => ["--registry", join(d.root, "fleetdir")], exit: 2, names: (d) => join(d.root, "fleetdir") },
  { tool: "fleet-status", name: "registry of non-UTF-8 bytes via FLEET_REGISTRY", setup: (d) => write(join(d.root, "fleet.bin"), NON_UTF8), args: () => [], env: (d) => ({ FLEET_REGISTRY: join(d.root, "fleet.bin") }), exit: 2, names: (d) => join(d.root, "fleet.bin") },
  { tool: "fleet-status", name: "a YAML alias bomb", setup: (d) => write(join(d.root, "fleet.yaml"), `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nwizards: []\n`), args: (d) => ["--registry", join(d.root, "fleet.yaml")], exit: 2, names: (d) => join(d.root, "fleet.yaml") },
  { tool: "fleet-status", name: "a bad URL whose credentials must not be echoed", setup: (d) => write(join(d.root, "fleet.yaml"), "wizards:\n  - name: a\n    host: h\n    gateway: { url: 'ftp://admin:hunter2secret@10.0.0.5/health' }\n"), args: (d) => ["--registry", join(d.root, "fleet.yaml")], exit: 2, names: () => "url" },
  { tool: "fleet-status", name: "--timeout that is not a number", setup: (d) => write(join(d.root, "fleet.yaml"), "wizards: []\n"), args: (d) => ["--registry", join(d.root, "fleet.yaml"), "--timeout", "3s"], exit: 2, names: () => "--timeout" },
  { tool: "fleet-status", name: "--concurrency 0", setup: (d) => write(join(d.root, "fleet.yaml"), "wizards: []\n"), args: (d) => ["--registry", join(d.root, "fleet.yaml"), "--concurrency", "0"], exit: 2, names: () => "--concurrency" },
  { tool: "fleet-status", name: "--only an unknown member", setup: (d) => write(join(d.root, "fleet.yaml"), "wizards:\n  - name: a\n    host: h\n    gateway: { url: 'http://127.0.0.1:9/health' }\n"), args: (d) => ["--registry", join(d.root, "fleet.yaml"), "--only", "zed"], exit: 2, names: () => "zed" },

  // ── observatory-check ───────────────────────────────────────────────────
  { tool: "observatory-check", name: "OBSERVATORY_DISK_WARN_PCT=abc", args: () => ["slo"], env: () => ({ OBSERVATORY_DISK_WARN_PCT: "abc" }), exit: 2, names: () => "OBSERVATORY_DISK_WARN_PCT" },
  { tool: "observatory-check", name: "disk warn above crit", args: () => ["slo"], env: () => ({ OBSERVATORY_DISK_WARN_PCT: "95", OBSERVATORY_DISK_CRIT_PCT: "90" }), exit: 2, names: () => "OBSERVATORY_DISK_WARN_PCT" },
  { tool: "observatory-check", name: "OBSERVATORY_POLL_INTERVAL=soon", args: () => ["daemon"], env: () => ({ OBSERVATORY_POLL_INTERVAL: "soon" }), exit: 2, names: () => "OBSERVATORY_POLL_INTERVAL" },
  { tool: "observatory-check", name: "OBSERVATORY_ALERT_AFTER=0", args: () => ["slo"], env: () => ({ OBSERVATORY_ALERT_AFTER: "0" }), exit: 2, names: () => "OBSERVATORY_ALERT_AFTER" },
  { tool: "observatory-check", name: "OBSERVATORY_RETENTION_DAYS=-3", args: () => ["slo"], env: () => ({ OBSERVATORY_RETENTION_DAYS: "-3" }), exit: 2, names: () => "OBSERVATORY_RETENTION_DAYS" },
  { tool: "observatory-check", name: "history N that is not a number", args: () => ["history", "lots"], exit: 2, names: () => "lots" },
  { tool: "observatory-check", name: "slo --days below one", args: () => ["slo", "--days", "0"], exit: 2, names: () => "--days" },
  { tool: "observatory-check", name: "digest --hours junk", args: () => ["digest", "--hours", "24h"], exit: 2, names: () => "--hours" },
  { tool: "observatory-check", name: "prune --days junk", args: () => ["prune", "--days", "x"], exit: 2, names: () => "--days" },
  { tool: "observatory-check", name: "--db that is a text file", setup: (d) => write(join(d.root, "obs.db"), "this is not sqlite\n".repeat(100)), args: (d) => ["slo", "--db", join(d.root, "obs.db")], exit: 2, names: (d) => join(d.root, "obs.db") },
  { tool: "observatory-check", name: "--db that is a directory", setup: (d) => mkdirSync(join(d.root, "dbdir")), args: (d) => ["history", "--db", join(d.root, "dbdir")], exit: 2, names: (d) => join(d.root, "dbdir") },
  { tool: "observatory-check", name: "observatory.yaml with broken YAML", setup: (d) => write(join(d.home, "observatory.yaml"), "OBSERVATORY_DISK_WARN_PCT: [\n"), args: () => ["slo"], exit: 2, names: (d) => join(d.home, "observatory.yaml") },
  { tool: "observatory-check", name: "observatory.yaml with an unknown key", setup: (d) => write(join(d.home, "observatory.yaml"), "OBSERVATORY_DISK_WRAN_PCT: 80\n"), args: () => ["slo"], exit: 2, names: () => "OBSERVATORY_DISK_WRAN_PCT" },
  { tool: "observatory-check", name: "observatory.yaml with a bad value", setup: (d) => write(join(d.home, "observatory.yaml"), "OBSERVATORY_CPU_WARN_PCT: lots\n"), args: () => ["slo"], exit: 2, names: () => "OBSERVATORY_CPU_WARN_PCT" },
  { tool: "observatory-check", name: "metrics --out into a missing directory", args: (d) => ["metrics", "--out", join(d.root, "no/such/dir/wc.prom")], exit: 2, names: (d) => join(d.root, "no/such/dir") },
  { tool: "observatory-check", name: "an unknown subcommand", args: () => ["hsitory"], exit: 2, names: () => "hsitory" },
];

/** Every regular file under dir with its content hash (symlinks are not followed). */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = lstatSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) out.set(relative(dir, p), createHash("sha1").update(readFileSync(p)).digest("hex"));
    }
  };
  walk(dir);
  return out;
}

describe("hostile input, all seven tools", () => {
  it("covers at least 60 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });

  it.each(cases.map((c) => [`${c.tool}: ${c.name}`, c] as const))("%s", async (_label, c) => {
    const root = testdir();
    const d: Dirs = { root, home: join(root, "hermes"), cwd: join(root, "cwd"), skills: join(root, "skills") };
    for (const p of [d.home, d.cwd, d.skills, join(root, "home")]) mkdirSync(p, { recursive: true });
    c.setup?.(d);
    const before = snapshot(root);
    const r = await runBin(binOf(c.tool), c.args(d), {
      cwd: d.cwd,
      env: cleanEnv({ HOME: join(root, "home"), HERMES_HOME: d.home, OBSERVATORY_CPU_SAMPLE_MS: "10", ...c.env?.(d) }),
      ...(c.stdin !== undefined ? { input: c.stdin } : {}),
      timeoutMs: 60_000,
    });
    const context = `exit ${r.code}\nstderr: ${r.stderr.slice(0, 600)}\nstdout: ${r.stdout.slice(0, 400)}`;
    expect(r.code, context).toBe(c.exit);
    expect(r.stderr, context).not.toMatch(/\n\s+at .+:\d+:\d+|^\s+at /m);
    const report = parseSingleReport(r.stdout, schemaOf(c.tool));
    if (c.exit === 2) {
      const lines = r.stderr.trimEnd().split("\n");
      const last = lines.at(-1)!;
      expect(last.startsWith(`${c.tool}: `), context).toBe(true);
      expect(last, context).toContain(c.names(d));
      // Only usage text may come before the error line.
      if (lines.length > 1) expect(r.stderr, context).toContain("USAGE");
      expect(report.status).toBe("error");
    } else {
      const errors = report.findings.filter((f: { status: string }) => f.status === (c.findingStatus ?? "error"));
      expect(errors.length, context).toBeGreaterThan(0);
      if (c.errorFinding) {
        const finding = errors.find((f: { id: string }) => f.id === c.errorFinding);
        expect(finding, context).toBeDefined();
        expect(`${finding.title} ${finding.message ?? ""}`, context).toContain(c.names(d));
      }
    }
    // No input file changed, and nothing was created in the working directory (`$(touch pwned)`, `---js`).
    const after = snapshot(root);
    for (const [file, hash] of before) expect(after.get(file), `${file} changed`).toBe(hash);
    expect(readdirSync(d.cwd)).toEqual([]);
  });
});
