import { execFile } from "node:child_process";
import { firstLine, type ProbeResult } from "./probe-result.ts";

export interface SshProbeOptions {
  timeoutMs: number;
  slowMs: number;
  /** The environment ssh runs with (its PATH finds the client). */
  env: NodeJS.ProcessEnv;
}

/**
 * The ssh client's argv. BatchMode never prompts; host-key checking is left to the user's
 * ssh config (never disabled here); the remote command is ONE argument, so no local shell
 * ever sees it (the remote login shell does, as with any ssh command).
 */
export function sshArgs(target: string, command: string, timeoutMs: number): string[] {
  const connectSeconds = Math.max(1, Math.ceil(timeoutMs / 1000));
  return ["-o", "BatchMode=yes", "-o", `ConnectTimeout=${connectSeconds}`, target, command];
}

/** Runs the configured command over the system ssh client: up if it exits 0, killed at the timeout. */
export function probeSsh(target: string, command: string, opts: SshProbeOptions): Promise<ProbeResult> {
  const started = performance.now();
  const base = { probe: "ssh" as const, target: `ssh ${target}` };
  return new Promise((resolve) => {
    const child = execFile(
      "ssh",
      sshArgs(target, command, opts.timeoutMs),
      { env: opts.env, timeout: opts.timeoutMs, killSignal: "SIGKILL", maxBuffer: 256 * 1024, windowsHide: true, shell: false },
      (err, stdout, stderr) => {
        const latencyMs = Math.round((performance.now() - started) * 10) / 10;
        const output = firstLine(String(stdout));
        if (!err) return resolve({ ...base, up: true, slow: latencyMs > opts.slowMs, latencyMs, exitCode: 0, ...(output ? { output } : {}) });
        const e = err as unknown as { killed?: boolean; signal?: string | null; code?: number | string };
        if (e.code === "ENOENT") return resolve({ ...base, up: false, slow: false, latencyMs, failure: "no_ssh", reason: "no ssh client on PATH" });
        if (e.code === "ERR_CHILD_PROCESS_STDIO_MAXBUFFER") return resolve({ ...base, up: false, slow: false, latencyMs, failure: "other", reason: "the command printed more than 256 KiB" });
        if (e.killed || e.signal) return resolve({ ...base, up: false, slow: false, latencyMs, failure: "timeout", reason: `timeout: no result within ${opts.timeoutMs} ms` });
        const code = typeof e.code === "number" ? e.code : -1;
        const said = firstLine(String(stderr)) || output;
        // 255 is ssh's own failure (connect, auth, host key); anything else is the remote command's status.
        const reason = code === 255 ? `ssh failed (exit 255)${said ? `: ${said}` : ""}` : `command exited ${code}${said ? `: ${said}` : ""}`;
        resolve({ ...base, up: false, slow: false, latencyMs, exitCode: code, failure: code === 255 ? "ssh" : "exit", reason });
      },
    );
    // The remote command must not wait on our stdin.
    child.stdin?.end();
  });
}
