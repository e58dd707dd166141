import { execFile } from "node:child_process";
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { delimiter, isAbsolute, join } from "node:path";

/** Finds a command on the PATH of the given environment, as a shell would but without one. */
export async function findExecutable(name: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const dirs = (env.PATH ?? "").split(delimiter).filter((d) => d !== "" && isAbsolute(d));
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      if (!(await stat(candidate)).isFile()) continue;
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here: keep looking
    }
  }
  return undefined;
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

/** The first version-looking token in `--version` output (`v20.1.0`, `Python 3.12.1`, `git version 2.43.0`). */
export function extractVersion(output: string): string | undefined {
  const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(output);
  return m ? `${m[1]}.${m[2]}.${m[3] ?? "0"}` : undefined;
}
