import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type BetterSqlite3 from "better-sqlite3";

/**
 * The environment of a test host: HERMES_HOME in a temp dir, a short CPU sample, resource
 * thresholds at 100% (the shared CI machine is often near-busy: only the checks a test
 * drives may go bad), and the gateway pid file pointing at this live test process.
 */
export function hostEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  writeFileSync(join(home, "gateway.pid"), `${process.pid}\n`);
  return {
    HERMES_HOME: home,
    OBSERVATORY_CPU_SAMPLE_MS: "20",
    OBSERVATORY_HTTP_TIMEOUT_MS: "2000",
    OBSERVATORY_CPU_WARN_PCT: "100",
    OBSERVATORY_CPU_CRIT_PCT: "100",
    OBSERVATORY_MEM_WARN_PCT: "100",
    OBSERVATORY_MEM_CRIT_PCT: "100",
    OBSERVATORY_DISK_WARN_PCT: "100",
    OBSERVATORY_DISK_CRIT_PCT: "100",
    ...extra,
  };
}

/** Rows of a table, for assertions on what really landed in SQLite. */
export function rows<T = Record<string, unknown>>(db: BetterSqlite3.Database, sql: string, ...params: unknown[]): T[] {
  return db.prepare(sql).all(...params) as T[];
}

/** A fixed /proc (meminfo 25% used, stat that never moves: CPU 0%), so only the checks a test drives change. */
export function fixedProc(home: string): string {
  const dir = join(home, "proc");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "meminfo"), "MemTotal:       1000 kB\nMemAvailable:    750 kB\n");
  writeFileSync(join(dir, "stat"), "cpu  100 0 100 800 0 0 0 0 0 0\n");
  return dir;
}
