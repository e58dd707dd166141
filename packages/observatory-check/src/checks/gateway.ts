import { readFileSync } from "node:fs";
import type { CheckResult } from "../snapshot.ts";

type Outcome = Omit<CheckResult, "id">;

/** Reads a pid from a pid file: a bare integer, or JSON with a `pid` field (newer hermes gateways). */
export function parsePidFile(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  try {
    const pid = (JSON.parse(trimmed) as { pid?: unknown }).pid;
    if (typeof pid === "number" && Number.isSafeInteger(pid)) return pid;
    if (typeof pid === "string" && /^\d+$/.test(pid)) return Number(pid);
  } catch {
    // not JSON either: the caller reports it as unreadable
  }
  return undefined;
}

/** Whether a pid names a live (non-zombie) process; undefined when it cannot tell. */
export function isProcessAlive(pid: number): boolean | undefined {
  try {
    process.kill(pid, 0);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ESRCH") return false;
    // EPERM: the process exists but belongs to another user.
    if (code !== "EPERM") return undefined;
  }
  try {
    // A killed but unreaped child still answers kill(0); its state letter in /proc says Z.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return true;
  }
}

/** The gateway_process check: the pid file names a live process. */
export function checkGateway(pidFile: string): Outcome {
  let text: string;
  try {
    text = readFileSync(pidFile, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { status: "fail", message: `not running (no pid file at ${pidFile})`, value: null, unit: null };
    return { status: "error", message: `cannot read pid file ${pidFile}: ${code ?? "error"}`, value: null, unit: null };
  }
  const pid = parsePidFile(text);
  if (pid === undefined || pid <= 0) return { status: "error", message: `pid file ${pidFile} holds no pid`, value: null, unit: null };
  const alive = isProcessAlive(pid);
  if (alive === undefined) return { status: "error", message: `cannot tell whether pid ${pid} is running`, value: pid, unit: "pid" };
  return alive
    ? { status: "ok", message: `running (pid ${pid})`, value: pid, unit: "pid" }
    : { status: "fail", message: `not running (pid ${pid} from ${pidFile} is gone)`, value: pid, unit: "pid" };
}
