#!/usr/bin/env node
// Sums the per-package vitest JSON results into the one closing line CI reads:
// "N passed, N failed, N skipped". Exits 1 if any test failed or none ran.
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const dirs = [...readdirSync(join(root, "packages")).map((d) => join(root, "packages", d)), join(root, "test")];
if (process.argv.includes("--clean")) {
  for (const dir of dirs) rmSync(join(dir, ".vitest-results.json"), { force: true });
  process.exit(0);
}
let passed = 0, failed = 0, skipped = 0;
for (const dir of dirs) {
  const file = join(dir, ".vitest-results.json");
  if (!existsSync(file)) continue;
  const r = JSON.parse(readFileSync(file, "utf8"));
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
