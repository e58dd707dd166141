import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cleanEnv, runBin, testdir } from "@wizard-council/kit/testing";
import { describe, expect, it } from "vitest";
import { cellCount, tables } from "./envelopes.ts";

const pkg = new URL("..", import.meta.url).pathname;
const bin = join(pkg, "dist", "cli.js");
const committed = join(pkg, "..", "..", "docs", "sample-audit.md");
const withoutTimestamps = (md: string) => md.replace(/^generated: ".*"$/m, 'generated: "<timestamp>"');

describe("docs/sample-audit.md", () => {
  it("is what the tool generates from test/fixtures (scripts/generate-sample.mjs), minus the timestamp", async () => {
    const out = testdir();
    for (const month of ["2026-10", "2026-11"]) {
      const r = await runBin(bin, ["--input", join(pkg, "test", "fixtures", `sample-${month}.ndjson`), "--month", month, "--out", out, "--json"], { env: cleanEnv({ HERMES_HOME: out }) });
      expect(r.code).toBe(1);
    }
    const fresh = readFileSync(join(out, "audit-2026-11.md"), "utf8");
    expect(withoutTimestamps(fresh)).toBe(withoutTimestamps(readFileSync(committed, "utf8")));
    expect(fresh).toContain("Compared with 2026-10 (audit-2026-10.json): 4 new, 2 resolved, 0 still open.");
    for (const rows of tables(fresh)) expect(new Set(rows.map(cellCount)).size).toBe(1);
  });
});
