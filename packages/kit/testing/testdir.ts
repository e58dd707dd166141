import { mkdtempSync, rmSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { onTestFinished } from "vitest";

/**
 * A fresh real temp directory, removed when the current test finishes. Outside a test
 * (beforeAll), pass `{ autoClean: false }` and remove it yourself.
 */
export function testdir(options: { prefix?: string; autoClean?: boolean } = {}): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), options.prefix ?? "wc-test-")));
  if (options.autoClean !== false) onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
