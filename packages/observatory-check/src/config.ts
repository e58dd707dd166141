import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expandHome, interopDefault, loadHostEnv, parseIntArg, parseNumberArg, registerSecret, resolveHermesHome, resolvePath, ToolError } from "@wizard-council/kit";

/** Options every library entry point takes: paths by value, the environment and HERMES_HOME injectable. */
export interface BaseOptions {
  /** The observatory DB path (the `--db` flag); wins over `OBSERVATORY_DB_PATH`. */
  dbPath?: string;
  /** The gateway's pid file (the `--pid-file` flag); wins over `OBSERVATORY_GATEWAY_PID_FILE`. */
  pidFile?: string;
  /** hermes' response store (the `--response-store` flag); wins over `OBSERVATORY_RESPONSE_STORE_PATH`. */
  responseStorePath?: string;
  hermesHome?: string;
  env?: NodeJS.ProcessEnv;
}

/** Warn and critical percentages for one resource check. */
export interface Thresholds {
  warn: number;
  crit: number;
}

/** Everything the observatory reads from env, `$HERMES_HOME/.env` and `observatory.yaml`, validated. */
export interface ObservatoryConfig {
  hermesHome: string;
  dbPath: string;
  pidFile: string;
  responseStorePath: string;
  /** Where meminfo and stat are read: /proc, or the host's /proc mounted elsewhere in a container. */
  procDir: string;
  apiUrl: string;
  webhookUrl: string;
  httpTimeoutMs: number;
  disk: Thresholds;
  memory: Thresholds;
  cpu: Thresholds;
  cpuSampleMs: number;
  apiLatencySloMs: number;
  webhookLatencySloMs: number;
  gatewayUptimeSloPct: number;
  alertAfter: number;
  retentionDays: number;
  pollIntervalS: number;
  telegram: { token?: string; alertChatId?: string; digestChatId?: string; apiBase?: string };
}

/** The variable names the observatory understands (the older Python tool's names, plus the timeouts). */
export const CONFIG_KEYS = [
  "OBSERVATORY_DB_PATH", "OBSERVATORY_POLL_INTERVAL", "OBSERVATORY_ALERT_CHAT_ID", "OBSERVATORY_DIGEST_CHAT_ID",
  "TELEGRAM_BOT_TOKEN", "TELEGRAM_API_BASE", "OBSERVATORY_DISK_WARN_PCT", "OBSERVATORY_DISK_CRIT_PCT",
  "OBSERVATORY_MEM_WARN_PCT", "OBSERVATORY_MEM_CRIT_PCT", "OBSERVATORY_CPU_WARN_PCT", "OBSERVATORY_CPU_CRIT_PCT",
  "OBSERVATORY_WEBHOOK_URL", "OBSERVATORY_API_URL", "OBSERVATORY_WEBHOOK_LATENCY_SLO_MS", "OBSERVATORY_API_LATENCY_SLO_MS",
  "OBSERVATORY_GATEWAY_UPTIME_SLO_PCT", "OBSERVATORY_ALERT_AFTER", "OBSERVATORY_RETENTION_DAYS",
  "OBSERVATORY_GATEWAY_PID_FILE", "OBSERVATORY_CPU_SAMPLE_MS", "OBSERVATORY_HTTP_TIMEOUT_MS", "OBSERVATORY_PROC_DIR",
  "OBSERVATORY_RESPONSE_STORE_PATH",
] as const;

/** The observatory DB: the flag, else `OBSERVATORY_DB_PATH`, else `$HERMES_HOME/observatory.db`. */
export function resolveDbPath(opts: { db?: string; hermesHome?: string; env?: NodeJS.ProcessEnv } = {}): string {
  const env = opts.env ?? process.env;
  const home = resolveHermesHome(opts.hermesHome, env);
  return resolvePath(opts.db, ["OBSERVATORY_DB_PATH"], join(home, "observatory.db"), env).path;
}

/** Reads `$HERMES_HOME/observatory.yaml` (optional) as a flat map of the same keys as the env vars. */
export async function readYamlConfig(path: string): Promise<Map<string, string>> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return new Map();
    throw new ToolError("UNREADABLE_CONFIG", `cannot read config file: ${(err as NodeJS.ErrnoException).code ?? "error"}`, { path });
  }
  const { parse } = interopDefault(await import("yaml"));
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    const line = (err as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    throw new ToolError("INVALID_CONFIG", `config file is not valid YAML${line ? ` (line ${line})` : ""}`, { path });
  }
  if (doc === null || doc === undefined) return new Map();
  if (typeof doc !== "object" || Array.isArray(doc)) throw new ToolError("INVALID_CONFIG", "config file must be a mapping of OBSERVATORY_* keys to values", { path });
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    if (!(CONFIG_KEYS as readonly string[]).includes(key)) throw new ToolError("INVALID_CONFIG", `unknown key ${key} in ${path}; expected one of the OBSERVATORY_* variables`, { path: key });
    if (value === null || typeof value === "object") throw new ToolError("INVALID_CONFIG", `${key} in ${path} must be a string or number`, { path: key });
    out.set(key, String(value));
  }
  return out;
}

/** Loads and validates the configuration; a malformed value is an exit-2 error naming the variable. */
export async function loadConfig(opts: BaseOptions = {}): Promise<ObservatoryConfig> {
  const env = opts.env ?? process.env;
  const hermesHome = resolveHermesHome(opts.hermesHome, env);
  const host = loadHostEnv(hermesHome, env);
  const yamlPath = join(hermesHome, "observatory.yaml");
  const yaml = await readYamlConfig(yamlPath);
  const raw = (name: string): string | undefined => host.get(name) ?? yaml.get(name);
  const where = (name: string) => (host.get(name) === undefined && yaml.has(name) ? `${name} (in ${yamlPath})` : name);
  const num = (name: string, fallback: number, range: { min?: number; max?: number } = {}) => parseNumberArg(raw(name), where(name), range) ?? fallback;
  const int = (name: string, fallback: number, range: { min?: number; max?: number } = {}) => parseIntArg(raw(name), where(name), range) ?? fallback;
  const pair = (prefix: string, warn: number, crit: number): Thresholds => {
    const t = { warn: num(`${prefix}_WARN_PCT`, warn, { min: 0, max: 100 }), crit: num(`${prefix}_CRIT_PCT`, crit, { min: 0, max: 100 }) };
    if (t.warn > t.crit) throw new ToolError("INVALID_CONFIG", `${where(`${prefix}_WARN_PCT`)} (${t.warn}) must not be above ${prefix}_CRIT_PCT (${t.crit})`, { path: `${prefix}_WARN_PCT` });
    return t;
  };
  const url = (name: string, fallback: string) => {
    const v = raw(name) ?? fallback;
    if (!/^https?:\/\/[^\s/]+/.test(v)) throw new ToolError("INVALID_CONFIG", `${where(name)} must be an http(s) URL`, { path: name });
    return v;
  };
  const token = raw("TELEGRAM_BOT_TOKEN");
  registerSecret(token);
  const alertChatId = raw("OBSERVATORY_ALERT_CHAT_ID");
  return {
    hermesHome,
    dbPath: opts.dbPath ? resolveDbPath({ db: opts.dbPath, hermesHome, env }) : resolveDbPath({ db: raw("OBSERVATORY_DB_PATH"), hermesHome, env: {} }),
    pidFile: expandHome(opts.pidFile ?? raw("OBSERVATORY_GATEWAY_PID_FILE") ?? join(hermesHome, "gateway.pid")),
    responseStorePath: expandHome(opts.responseStorePath ?? raw("OBSERVATORY_RESPONSE_STORE_PATH") ?? join(hermesHome, "response_store.db")),
    procDir: raw("OBSERVATORY_PROC_DIR") ?? "/proc",
    apiUrl: url("OBSERVATORY_API_URL", "http://127.0.0.1:8642/health"),
    webhookUrl: url("OBSERVATORY_WEBHOOK_URL", "http://127.0.0.1:8080/health"),
    httpTimeoutMs: int("OBSERVATORY_HTTP_TIMEOUT_MS", 5000, { min: 1, max: 600_000 }),
    disk: pair("OBSERVATORY_DISK", 80, 90),
    memory: pair("OBSERVATORY_MEM", 80, 90),
    cpu: pair("OBSERVATORY_CPU", 80, 95),
    cpuSampleMs: int("OBSERVATORY_CPU_SAMPLE_MS", 500, { min: 10, max: 60_000 }),
    apiLatencySloMs: num("OBSERVATORY_API_LATENCY_SLO_MS", 2000, { min: 0 }),
    webhookLatencySloMs: num("OBSERVATORY_WEBHOOK_LATENCY_SLO_MS", 2000, { min: 0 }),
    gatewayUptimeSloPct: num("OBSERVATORY_GATEWAY_UPTIME_SLO_PCT", 99.5, { min: 0, max: 100 }),
    alertAfter: int("OBSERVATORY_ALERT_AFTER", 1, { min: 1, max: 10_000 }),
    retentionDays: num("OBSERVATORY_RETENTION_DAYS", 30, { min: 0.001 }),
    pollIntervalS: num("OBSERVATORY_POLL_INTERVAL", 60, { min: 0.05, max: 86_400 }),
    telegram: {
      ...(token ? { token } : {}),
      ...(alertChatId ? { alertChatId } : {}),
      ...(raw("OBSERVATORY_DIGEST_CHAT_ID") ?? alertChatId ? { digestChatId: raw("OBSERVATORY_DIGEST_CHAT_ID") ?? alertChatId } : {}),
      ...(raw("TELEGRAM_API_BASE") ? { apiBase: raw("TELEGRAM_API_BASE") } : {}),
    },
  };
}
