import { spawn } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fingerprintSkill } from "@wizard-council/skill-md";
import { cleanEnv, parseSingleReport, runBin, testdir } from "@wizard-council/kit/testing";
import { describe, expect, it } from "vitest";
import { auditSkills } from "../src/index.ts";
import { STAGING_DIR } from "../src/install.ts";
import { BIN, SCHEMA, skill } from "./trees.ts";

const SKILLS = 60;
const NEW_SKILLS = 15;
const ROUNDS = 20;

function spawnAndKillAfter(args: string[], delayMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: cleanEnv(), stdio: "ignore" });
    const timer = setTimeout(() => child.kill("SIGKILL"), delayMs);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

describe("--fix killed with SIGKILL (built bin, real processes)", () => {
  it("leaves every skill old or new, never half-copied, the manifest whole, and a re-run converges", { timeout: 600_000 }, async () => {
    const root = testdir();
    const oldSource = join(root, "old");
    const newSource = join(root, "new");
    const base = join(root, "base");
    const filler = "x".repeat(3000);
    for (let i = 0; i < SKILLS; i++) {
      const id = `cat${i % 8}/skill-${i}`;
      const files = { "a.md": `a ${i}\n${filler}`, "b.md": `b ${i}\n${filler}`, "refs/c.md": `c ${i}\n${filler}`, "refs/d.md": `d ${i}\n${filler}` };
      skill(oldSource, id, { version: "1.0.0", files });
      skill(newSource, id, { version: "1.1.0", files: { ...files, "a.md": `a ${i} v2\n${filler}`, "refs/e.md": `new file ${i}\n` } });
    }
    for (let i = 0; i < NEW_SKILLS; i++) skill(newSource, `fresh/new-${i}`, { files: { "x.md": `x ${i}\n${filler}` } });
    await auditSkills({ source: oldSource, target: base, fix: true });

    const ids = readdirSync(newSource).flatMap((c) => readdirSync(join(newSource, c)).map((s) => `${c}/${s}`));
    const oldFp = new Map(ids.filter((id) => existsSync(join(base, id))).map((id) => [id, fingerprintSkill(join(base, id))]));
    const newFp = new Map(ids.map((id) => [id, fingerprintSkill(join(newSource, id))]));
    const allowedHashes = new Set([...oldFp.values(), ...newFp.values()]);

    // How long an uninterrupted fix takes here, so kills land across the whole run.
    const probe = join(root, "probe");
    cpSync(base, probe, { recursive: true });
    const started = Date.now();
    expect((await runBin(BIN, ["--source", newSource, "--target", probe, "--fix"], { env: cleanEnv() })).code).toBe(0);
    const fullMs = Math.max(50, Date.now() - started);

    let mixedRounds = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const target = join(root, `t${round}`);
      cpSync(base, target, { recursive: true });
      const delay = Math.floor(Math.random() * fullMs * 1.1);
      await spawnAndKillAfter(["--source", newSource, "--target", target, "--fix"], delay);

      const staging = join(target, STAGING_DIR);
      const staged = existsSync(staging) ? readdirSync(staging) : [];
      let olds = 0;
      let news = 0;
      for (const id of ids) {
        const dir = join(target, id);
        if (!existsSync(dir)) {
          if (oldFp.has(id)) {
            // Killed between its two renames: the old copy waits, whole, in the staging folder.
            const aside = staged.filter((n) => n.startsWith(`${encodeURIComponent(id)}.old-`));
            expect(aside, `${id} vanished in round ${round}`).toHaveLength(1);
            expect(fingerprintSkill(join(staging, aside[0]!))).toBe(oldFp.get(id));
          }
          continue;
        }
        const fp = fingerprintSkill(dir);
        expect([oldFp.get(id), newFp.get(id)], `${id} is half-copied in round ${round} (delay ${delay} ms)`).toContain(fp);
        if (fp === newFp.get(id)) news++;
        else olds++;
      }
      if (news > 0 && olds > 0) mixedRounds++;
      const manifest = readFileSync(join(target, ".bundled_manifest"), "utf8");
      expect(manifest.endsWith("\n")).toBe(true);
      for (const line of manifest.trimEnd().split("\n")) {
        expect(line).toMatch(/^[a-z0-9-]+:[0-9a-f]{32}$/);
        expect(allowedHashes.has(line.split(":")[1]!)).toBe(true);
      }

      // The re-run's report shows every skill's state after it ran.
      const rerun = await runBin(BIN, ["--source", newSource, "--target", target, "--fix"], { env: cleanEnv() });
      expect([rerun.code, rerun.stderr]).toEqual([0, ""]);
      const check = parseSingleReport(rerun.stdout, SCHEMA);
      expect(check.status).toBe("ok");
      expect(check.data.states.OK).toBe(ids.length);
      expect(existsSync(staging)).toBe(false);
      for (const id of ids) expect(fingerprintSkill(join(target, id))).toBe(newFp.get(id));
    }
    // The kills really landed mid-run: some rounds stopped with skills both old and new.
    expect(mixedRounds).toBeGreaterThan(0);
  });
});
