import { accessSync, constants, readdirSync, realpathSync, statSync } from "node:fs";
import { join, posix, win32 } from "node:path";

/** Finds commands on a PATH without a shell, caching every answer for the run. */
export interface PathLookup {
  /** The absolute path of an executable regular file named `name` on PATH, or undefined. */
  find(name: string): string | undefined;
}

/**
 * Builds a PATH lookup (shared by every tool that checks for a program: never a shell, never
 * `which`). Each PATH folder is listed once (readdir) so a thousand skills naming three thousand
 * commands cost a handful of syscalls, not a stat per name per folder; folders that cannot be
 * listed (execute-only) fall back to a stat per name. Relative and empty entries are ignored:
 * they mean "the current directory", and a check must not depend on where it was started.
 */
export function createPathLookup(pathValue: string | undefined, platform: NodeJS.Platform = process.platform, pathExt?: string): PathLookup {
  const delimiter = platform === "win32" ? ";" : ":";
  const absolute = platform === "win32" ? win32.isAbsolute : posix.isAbsolute;
  const dirs = [...new Set((pathValue ?? "").split(delimiter).filter((d) => d !== "" && absolute(d)))];
  const exts = platform === "win32" ? ["", ...(pathExt ?? ".COM;.EXE;.BAT;.CMD").split(";").filter(Boolean).map((e) => e.toLowerCase())] : [""];
  // Folder listings keyed by the name as looked up (lower-cased on Windows) → the name on disk.
  const listings = new Map<string, Map<string, string> | null>();
  const cache = new Map<string, string | undefined>();
  // Real paths of the folders listed so far: a PATH entry that is another name for an earlier one
  // (/bin → /usr/bin on merged-/usr systems) holds nothing the earlier one did not, so it is not listed again.
  const listedReal = new Set<string>();
  const NOTHING_NEW = new Map<string, string>();

  const listing = (dir: string): Map<string, string> | null => {
    let names = listings.get(dir);
    if (names !== undefined) return names;
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      real = dir;
    }
    if (listedReal.has(real)) {
      listings.set(dir, NOTHING_NEW);
      return NOTHING_NEW;
    }
    listedReal.add(real);
    try {
      const entries = readdirSync(dir);
      // A loop, not new Map(entries.map(...)): a system bin folder holds thousands of names.
      names = new Map();
      for (let i = 0; i < entries.length; i++) names.set(platform === "win32" ? entries[i]!.toLowerCase() : entries[i]!, entries[i]!);
    } catch (err) {
      // ENOENT/ENOTDIR: a stale PATH entry holds nothing; EACCES: maybe execute-only, stat names instead.
      const code = (err as NodeJS.ErrnoException).code;
      names = code === "ENOENT" || code === "ENOTDIR" ? new Map() : null;
    }
    listings.set(dir, names);
    return names;
  };

  const isExecutableFile = (path: string): boolean => {
    try {
      if (!statSync(path).isFile()) return false;
      if (platform !== "win32") accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };

  return {
    find(name) {
      const hit = cache.get(name);
      if (hit !== undefined || cache.has(name)) return hit;
      let found: string | undefined;
      // Indexed loops: thousands of lookups run before the JIT warms up, and for...of allocates per step there.
      outer: for (let d = 0; d < dirs.length; d++) {
        const dir = dirs[d]!;
        const names = listing(dir);
        for (let e = 0; e < exts.length; e++) {
          const wanted = exts[e] === "" ? name : name + exts[e];
          const file = names ? names.get(platform === "win32" ? wanted.toLowerCase() : wanted) : wanted;
          if (file === undefined) continue;
          const candidate = join(dir, file);
          if (isExecutableFile(candidate)) {
            found = candidate;
            break outer;
          }
        }
      }
      cache.set(name, found);
      return found;
    },
  };
}
