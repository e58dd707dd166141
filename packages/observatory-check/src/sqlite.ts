import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type BetterSqlite3 from "better-sqlite3";
import BundledDatabase from "better-sqlite3/lib/database.js";
import { interopDefault } from "@wizard-council/kit";

type DatabaseConstructor = typeof BetterSqlite3;
type Options = BetterSqlite3.Options;

let loaded: { Database: DatabaseConstructor; nativeBinding: string | undefined } | undefined;

/**
 * Opens a better-sqlite3 database. Startup is a feature: the package's JavaScript is bundled into
 * this tool (one module instead of a dozen CommonJS files resolved, read and compiled at every
 * start, ≈ 7 ms of a ≈ 75 ms `history`), and the native addon is handed over by path, skipping
 * the `bindings` package's search of a dozen candidate paths. Where the addon is not at its usual
 * place (a custom build layout), the installed package is required as it is and finds its own.
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
  if (existsSync(addon)) return { Database: interopDefault(BundledDatabase), nativeBinding: addon };
  return { Database: require(entry) as DatabaseConstructor, nativeBinding: undefined };
}
