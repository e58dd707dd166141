import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type BetterSqlite3 from "better-sqlite3";

type DatabaseConstructor = typeof BetterSqlite3;
type Options = BetterSqlite3.Options;

let loaded: { Database: DatabaseConstructor; nativeBinding: string | undefined } | undefined;

/**
 * Opens a better-sqlite3 database, loading the package on first use. Startup is a feature: `require`
 * skips the ESM loader's CommonJS export scan, and handing the addon's path in `nativeBinding` skips
 * the `bindings` package's search of a dozen candidate paths (together ≈ 8 ms of a ≈ 80 ms `history`).
 */
export function openDatabase(path: string, options: Options = {}): BetterSqlite3.Database {
  loaded ??= loadSqlite();
  const { Database, nativeBinding } = loaded;
  return new Database(path, nativeBinding ? { ...options, nativeBinding } : options);
}

function loadSqlite(): { Database: DatabaseConstructor; nativeBinding: string | undefined } {
  const require = createRequire(import.meta.url);
  const entry = require.resolve("better-sqlite3");
  const addon = join(dirname(dirname(entry)), "build", "Release", "better_sqlite3.node");
  return { Database: require(entry) as DatabaseConstructor, nativeBinding: existsSync(addon) ? addon : undefined };
}
