import { randomBytes } from "node:crypto";
import { mkdir, open, stat, unlink } from "node:fs/promises";
import { join } from "node:path";
import type { Check, CheckContext, Outcome } from "./check.ts";

/** `hermes_home`: HERMES_HOME exists, is a directory, is writable, and holds the contract's folders and files. */
export function hermesHomeCheck(folders: readonly string[], files: readonly string[]): Check {
  return {
    id: "hermes_home",
    title: "HERMES_HOME",
    required: true,
    network: false,
    run: (ctx) => checkHermesHome(ctx, folders, files),
  };
}

async function checkHermesHome(ctx: CheckContext, folders: readonly string[], files: readonly string[]): Promise<Outcome> {
  const home = ctx.hermesHome;
  const created: string[] = [];
  let kind = await kindOf(home);
  if (kind === "missing" && ctx.fix) {
    await mkdir(home, { recursive: true, mode: 0o700 });
    ctx.fixed.push({ id: "hermes_home", action: "mkdir", path: home, mode: "0700" });
    created.push(home);
    kind = await kindOf(home);
  }
  if (kind === "missing") return { status: "fail", message: `${home} does not exist`, fix: `mkdir -p -m 700 ${home} (or run wizard-bootstrap --fix)`, data: { path: home } };
  if (kind !== "dir") return { status: "fail", message: `${home} is not a directory`, fix: `move ${home} aside and create a directory there`, data: { path: home } };

  const probeError = await probeWritable(home);
  if (probeError) return { status: "fail", message: `${home} is not writable (${probeError})`, fix: `chown the directory to this user, or set HERMES_HOME to a writable directory`, data: { path: home } };

  const missingFolders: string[] = [];
  for (const folder of folders) {
    const path = join(home, folder);
    let folderKind = await kindOf(path);
    if (folderKind === "missing" && ctx.fix) {
      await mkdir(path, { recursive: true, mode: 0o700 });
      ctx.fixed.push({ id: "hermes_home", action: "mkdir", path, mode: "0700" });
      created.push(path);
      folderKind = await kindOf(path);
    }
    if (folderKind !== "dir") missingFolders.push(folder);
  }
  const missingFiles: string[] = [];
  for (const file of files) if ((await kindOf(join(home, file))) !== "file") missingFiles.push(file);

  const data = { path: home, missingFolders, missingFiles, ...(created.length ? { created } : {}) };
  if (missingFolders.length || missingFiles.length) {
    const missing = [...missingFolders.map((f) => `${f}/`), ...missingFiles].join(", ");
    const steps = [
      ...(missingFolders.length ? [`mkdir -p -m 700 ${missingFolders.map((f) => join(home, f)).join(" ")} (or run wizard-bootstrap --fix)`] : []),
      ...(missingFiles.length ? [`create ${missingFiles.map((f) => join(home, f)).join(", ")} (e.g. run hermes setup)`] : []),
    ];
    return { status: "fail", message: `${home} lacks ${missing}`, fix: steps.join("; "), data };
  }
  const fixedNote = created.length ? `fixed: created ${created.join(", ")}; ` : "";
  return { status: "ok", message: `${fixedNote}${home} is a writable directory`, data };
}

type Kind = "missing" | "dir" | "file" | "other";

async function kindOf(path: string): Promise<Kind> {
  try {
    const s = await stat(path);
    return s.isDirectory() ? "dir" : s.isFile() ? "file" : "other";
  } catch (err) {
    // ENOTDIR (a parent is a file), EACCES and the like: something is there, but not what we need.
    return (err as NodeJS.ErrnoException).code === "ENOENT" ? "missing" : "other";
  }
}

/**
 * Creates and removes a probe file: `access(W_OK)` says yes to root for a 0500 directory,
 * and only a real write tells whether the agent will be able to save its state.
 */
async function probeWritable(dir: string): Promise<string | undefined> {
  const probe = join(dir, `.wizard-bootstrap-probe-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    const handle = await open(probe, "wx", 0o600);
    await handle.close();
    await unlink(probe);
    return undefined;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? "write failed";
  }
}
