#!/usr/bin/env node
// Regenerates docs/sample-audit.md with the built tool itself, from the committed fixtures:
// October's envelopes first (so November has a month to compare with), then November's.
//   cd packages/monthly-audit && npx tsup && node scripts/generate-sample.mjs
// test/sample.test.ts runs the same two commands and checks the committed file matches.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const pkg = fileURLToPath(new URL("..", import.meta.url));
const bin = join(pkg, "dist", "cli.js");
const out = mkdtempSync(join(tmpdir(), "wc-sample-audit-"));
try {
  for (const month of ["2026-10", "2026-11"]) {
    const fixture = join(pkg, "test", "fixtures", `sample-${month}.ndjson`);
    const r = spawnSync(process.execPath, [bin, "--input", fixture, "--month", month, "--out", out, "--json"], {
      env: { PATH: process.env.PATH, NO_COLOR: "1", HERMES_HOME: out },
      encoding: "utf8",
    });
    // Exit 1 is expected: the sample month has problems to show.
    if (r.status !== 0 && r.status !== 1) throw new Error(`monthly-audit exited ${r.status}: ${r.stderr}`);
  }
  const target = join(pkg, "..", "..", "docs", "sample-audit.md");
  copyFileSync(join(out, "audit-2026-11.md"), target);
  console.log(`wrote ${target}`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
