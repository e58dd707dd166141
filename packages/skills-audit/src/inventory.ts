import { findSkills, fingerprintSkillBoth, MAX_SKILL_MD_BYTES, parseSkillMd, readSkillMd, type ParsedSkill, type SkillFile } from "@wizard-council/skill-md";

/** One skill folder under a root, fingerprinted. `meta()` parses its SKILL.md on first use only. */
export interface SkillEntry {
  id: string;
  dir: string;
  folderName: string;
  /** The hermes-agent fingerprint (what `.bundled_manifest` records). */
  hermes: string;
  /** The same fingerprint without OS junk (what decides equality). */
  clean: string;
  files: SkillFile[];
  /** Symlinks that point out of the skill folder: never read, never copied. */
  escapingLinks: string[];
  meta(): ParsedSkill;
}

/** Every skill under a root by id, plus what could not be walked (one problem per path). */
export interface Inventory {
  skills: Map<string, SkillEntry>;
  problems: { id: string; path: string; message: string }[];
}

/** Finds and fingerprints every skill under `root`; a missing root is an empty inventory. */
export function takeInventory(root: string): Inventory {
  const found = findSkills(root);
  const skills = new Map<string, SkillEntry>();
  const problems = [...found.problems];
  for (const loc of found.skills) {
    let fp: ReturnType<typeof fingerprintSkillBoth>;
    try {
      fp = fingerprintSkillBoth(loc.dir);
    } catch (err) {
      // One unreadable file makes that skill an error finding; the others are still audited.
      const e = err as NodeJS.ErrnoException;
      problems.push({ id: loc.id, path: e.path ?? loc.dir, message: `cannot read a file of this skill: ${e.code ?? e.message}` });
      continue;
    }
    let parsed: ParsedSkill | undefined;
    skills.set(loc.id, {
      id: loc.id,
      dir: loc.dir,
      folderName: loc.folderName,
      hermes: fp.hermes,
      clean: fp.clean,
      files: fp.files,
      escapingLinks: fp.escapingLinks,
      meta: () => (parsed ??= parseFromBytes(fp.skillMd) ?? readSkillMd(loc.skillMd)),
    });
  }
  return { skills, problems };
}

/** The name a skill is recorded under in `.bundled_manifest`: its frontmatter `name`, else its folder name. */
export function manifestNameOf(entry: SkillEntry): string {
  const meta = entry.meta();
  return meta.ok && meta.name ? meta.name.trim() : entry.folderName;
}

/** The frontmatter version, when the SKILL.md parses and declares one. */
export function versionOf(entry: SkillEntry | undefined): string | undefined {
  const meta = entry?.meta();
  return meta?.ok ? meta.version : undefined;
}

// The fingerprint already read SKILL.md; parse those bytes rather than read the file again. Anything
// unusual (too big, not UTF-8, absent) goes through readSkillMd, which words the error.
function parseFromBytes(bytes: Buffer | undefined): ParsedSkill | undefined {
  if (!bytes || bytes.length > MAX_SKILL_MD_BYTES) return undefined;
  try {
    return parseSkillMd(decoder.decode(bytes));
  } catch {
    return undefined;
  }
}

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
