import { createRequire } from "node:module";
import { extractVersion } from "@wizard-council/kit";

// node:child_process (with net, dgram and their streams) is loaded by the first probe, not at
// startup: a run whose versions all come from the cache never needs it.
const nodeRequire = createRequire(import.meta.url);
let childProcess: typeof import("node:child_process") | undefined;

/** What `<bin> --version` said: the coerced semver, or why it could not be read. */
export type VersionResult = { ok: true; version: string; raw: string } | { ok: false; reason: string };

/** Runs `--version` probes at most `concurrency` at a time, once per executable path per run. */
export interface VersionProber {
  probe(path: string): Promise<VersionResult>;
  /** How many processes were actually spawned (for tests: the cache must hold). */
  readonly spawned: number;
}

/**
 * Builds a prober: execFile (never a shell) with a timeout and a small output cap; the first
 * version-looking token of stdout (else stderr) is coerced by semver (`jq-1.6` → 1.6.0).
 */
export function createVersionProber(options: { timeoutMs: number; env: NodeJS.ProcessEnv; coerce: (text: string) => { version: string } | null | Promise<{ version: string } | null>; concurrency?: number }): VersionProber {
  const cache = new Map<string, Promise<VersionResult>>();
  // Probes mostly wait on the child, so several run at once even on a small machine.
  const limit = options.concurrency ?? 8;
  let running = 0;
  let spawned = 0;
  const waiting: (() => void)[] = [];

  const run = async (path: string): Promise<VersionResult> => {
    if (running >= limit) await new Promise<void>((r) => waiting.push(r));
    running += 1;
    spawned += 1;
    try {
      const { stdout, stderr, error } = await execVersion(path, options.timeoutMs, options.env);
      const text = `${stdout}\n${stderr}`;
      // A timed-out probe may have printed something partial; only a finished one is believed.
      if (error && (error.includes("within") || (!stdout.trim() && !stderr.trim()))) return { ok: false, reason: error };
      // A failed run's stderr is an error message ("line 2: not found"), not a version.
      const usable = error ? stdout : text;
      const first = (error ? stdout.trim() : stdout.trim() || stderr.trim()).split("\n")[0]!.trim().slice(0, 200);
      const v = (await options.coerce(extractVersion(stdout) ?? stdout)) ?? (await options.coerce(extractVersion(usable) ?? usable));
      if (!v && error) return { ok: false, reason: error };
      return v ? { ok: true, version: v.version, raw: first } : { ok: false, reason: `no version number in its --version output ("${first.slice(0, 80)}")` };
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  };

  return {
    probe(path) {
      let p = cache.get(path);
      if (!p) {
        p = run(path);
        cache.set(path, p);
      }
      return p;
    },
    get spawned() {
      return spawned;
    },
  };
}

function execVersion(path: string, timeoutMs: number, env: NodeJS.ProcessEnv): Promise<{ stdout: string; stderr: string; error: string | undefined }> {
  return new Promise((resolve) => {
    (childProcess ??= nodeRequire("node:child_process") as typeof import("node:child_process")).execFile(path, ["--version"], { timeout: timeoutMs, killSignal: "SIGKILL", maxBuffer: 64 * 1024, env, shell: false, windowsHide: true, encoding: "utf8" }, (err, stdout, stderr) => {
      let error: string | undefined;
      if (err) {
        const e = err as NodeJS.ErrnoException & { killed?: boolean; signal?: string | null; code?: string | number };
        if (e.killed || e.signal === "SIGKILL") error = `--version did not finish within ${timeoutMs} ms`;
        else if (typeof e.code === "number") error = `--version exited with code ${e.code}`;
        else error = `could not run --version: ${e.code ?? e.message}`;
      }
      resolve({ stdout: String(stdout ?? ""), stderr: String(stderr ?? ""), error });
    }).stdin?.end();
  });
}

