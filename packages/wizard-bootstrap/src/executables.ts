import { execFile } from "node:child_process";
import { createPathLookup } from "@wizard-council/kit";

/** Finds a command on the PATH of the given environment, as a shell would but without one. */
export function findExecutable(name: string, env: NodeJS.ProcessEnv): string | undefined {
  return createPathLookup(env.PATH, process.platform, env.PATHEXT).find(name);
}

/** The result of running a program with a timeout. */
export interface ProgramResult {
  ok: boolean;
  output: string;
  /** `timeout`, `exit <n>`, `signal <s>` or the spawn error code, when not ok. */
  reason?: string;
}

/** Runs `file args` without a shell, bounded by a timeout; never throws. */
export function runProgram(file: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<ProgramResult> {
  return new Promise((resolve) => {
    execFile(file, args, { env, timeout: timeoutMs, killSignal: "SIGKILL", maxBuffer: 256 * 1024, windowsHide: true }, (err, stdout, stderr) => {
      const output = `${stdout}\n${stderr}`.trim();
      if (!err) return resolve({ ok: true, output });
      const e = err as NodeJS.ErrnoException & { killed?: boolean; signal?: string | null; code?: number | string | null };
      const reason = e.killed ? `no answer within ${timeoutMs} ms` : typeof e.code === "number" ? `exit ${e.code}` : e.signal ? `signal ${e.signal}` : String(e.code ?? "failed");
      resolve({ ok: false, output, reason });
    });
  });
}

