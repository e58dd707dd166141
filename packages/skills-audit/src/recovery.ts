import { lstatSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { isAtomicTempFor } from "@wizard-council/kit";
import { isSafeId, unsafeWriteReason } from "./containment.ts";
import { backupPath, existsOrLink, STAGING_DIR } from "./install.ts";

// What a --fix killed mid-run leaves behind, and how the next run finishes or rolls it back.

/**
 * Finishes or rolls back what a killed `--fix` left in the staging folder: unfinished copies are
 * deleted; a displaced copy whose skill folder is gone is put back (the old version), otherwise it
 * is dropped (`.old`) or moved to the backups (`.keep`). Returns one line per thing done.
 */
export function recoverStaging(target: string, stamp: string): string[] {
  const staging = join(target, STAGING_DIR);
  let names: string[];
  try {
    if (!lstatSync(staging).isDirectory()) return [];
    names = readdirSync(staging);
  } catch {
    return [];
  }
  const done: string[] = [];
  for (const name of names.sort()) {
    const path = join(staging, name);
    const m = /^(.+)\.(new|old|keep)-[^.]+$/.exec(name);
    const id = m ? safeDecode(m[1]!) : undefined;
    if (!m || m[2] === "new" || id === undefined || !isSafeId(id) || unsafeWriteReason(target, id)) {
      rmSync(path, { recursive: true, force: true });
      done.push(`removed unfinished staging copy ${name}`);
      continue;
    }
    const dest = join(target, id);
    if (!existsOrLink(dest)) {
      mkdirSync(dirname(dest), { recursive: true });
      renameSync(path, dest);
      done.push(`restored ${id} from an interrupted update`);
    } else if (m[2] === "keep") {
      renameSync(path, backupPath(target, id, stamp));
      done.push(`moved the displaced copy of ${id} to the backups`);
    } else {
      rmSync(path, { recursive: true, force: true });
      done.push(`removed the displaced old copy of ${id}`);
    }
  }
  return done;
}

function safeDecode(key: string): string | undefined {
  try {
    return decodeURIComponent(key);
  } catch {
    return undefined;
  }
}

/** Removes the staging folder once it is empty, so a later plain audit has nothing to recover. */
export function tidyStaging(target: string): void {
  try {
    rmdirSync(join(target, STAGING_DIR));
  } catch {
    // not empty (another skill in flight) or already gone
  }
}

/** Removes temp files of a manifest write that was killed before its rename (the kit's `.<name>.<pid>.<rand>.tmp`). */
export function removeTornManifestTemps(target: string): string[] {
  const removed: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(target);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!isAtomicTempFor(name, ".bundled_manifest")) continue;
    rmSync(join(target, name), { force: true });
    removed.push(`removed an unfinished manifest write ${name}`);
  }
  return removed;
}
