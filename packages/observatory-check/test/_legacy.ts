import Database from "better-sqlite3";

/** What a generated legacy DB holds, for exact assertions. */
export interface LegacyFixture {
  snapshots: number;
  firstTs: number;
  lastTs: number;
  gatewayDown: number;
  apiLatencies: number[];
  api503: number;
}

const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "").replace(/\.(\d{3})$/, ".$1456"); // Python's naive isoformat, microseconds

/**
 * Writes a DB in the exact format of the older Python observatory: `health_snapshots(id, ts, overall, payload)`
 * and `alerts_sent(id, ts, check_name, status, message)`, one snapshot every `stepS` seconds for `days`,
 * ending at `end`. The webhook was never up (refused, stored by the old tool as ~1 ms); the gateway
 * is critical every 100th snapshot and in the last one; the API answers 503 every 50th.
 */
export function writeLegacyDb(path: string, opts: { end: number; days?: number; stepS?: number; corruptId?: number }): LegacyFixture {
  const db = new Database(path);
  db.exec(`CREATE TABLE health_snapshots (id INTEGER PRIMARY KEY AUTOINCREMENT, ts TEXT NOT NULL, overall TEXT NOT NULL, payload TEXT NOT NULL);
           CREATE TABLE alerts_sent (id INTEGER PRIMARY KEY AUTOINCREMENT, ts TEXT NOT NULL, check_name TEXT NOT NULL, status TEXT NOT NULL, message TEXT);`);
  const stepMs = (opts.stepS ?? 300) * 1000;
  const n = Math.round(((opts.days ?? 30) * 86_400_000) / stepMs);
  const insert = db.prepare("INSERT INTO health_snapshots (ts, overall, payload) VALUES (?, ?, ?)");
  const fx: LegacyFixture = { snapshots: n, firstTs: opts.end - (n - 1) * stepMs, lastTs: opts.end, gatewayDown: 0, apiLatencies: [], api503: 0 };
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const ts = opts.end - (n - 1 - i) * stepMs;
      const gwDown = i % 100 === 0 || i === n - 1;
      const api503 = i % 50 === 25;
      const apiMs = 20 + (i % 200);
      if (gwDown) fx.gatewayDown++;
      if (api503) fx.api503++;
      else fx.apiLatencies.push(apiMs);
      const checks = [
        { name: "gateway_process", status: gwDown ? "critical" : "ok", message: gwDown ? "gateway not running" : "running", value: null, unit: null, extra: {} },
        { name: "api_server_http", status: api503 ? "critical" : "ok", message: api503 ? "HTTP 503" : "HTTP 200", value: api503 ? 3.2 : apiMs, unit: "ms", extra: { code: api503 ? 503 : 200 } },
        { name: "webhook_http", status: "warn", message: "connection refused (not started)", value: 1.1, unit: "ms", extra: {} },
        { name: "disk", status: "ok", message: "disk 41%", value: 41, unit: "%", extra: {} },
        { name: "memory", status: "ok", message: "mem 30%", value: 30, unit: "%", extra: {} },
        { name: "cpu", status: "ok", message: "cpu 5%", value: 5, unit: "%", extra: {} },
        { name: "database", status: "ok", message: "ok", value: null, unit: null, extra: {} },
        { name: "response_store_db", status: "ok", message: "12 responses", value: 12, unit: "responses", extra: {} },
      ];
      const overall = gwDown || api503 ? "critical" : "warn";
      const payload = i + 1 === opts.corruptId ? '{"ts": "truncated' : JSON.stringify({ ts: iso(ts), overall, checks });
      insert.run(iso(ts), overall, payload);
    }
    db.prepare("INSERT INTO alerts_sent (ts, check_name, status, message) VALUES (?, ?, ?, ?)").run(iso(opts.end), "gateway_process", "critical", "gateway not running");
    db.prepare("INSERT INTO alerts_sent (ts, check_name, status, message) VALUES (?, ?, ?, ?)").run(iso(opts.end - 3_600_000), "api_server_http", "ok", "recovered");
  })();
  db.close();
  return fx;
}

/** The nearest-rank p95 of a list. */
export function p95(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.ceil(0.95 * s.length) - 1]!;
}
