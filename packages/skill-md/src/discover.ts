// Owner: the dependency-checker work. Interface agreed with skills-audit and monthly-audit; keep it.

/** A skill folder found under a skills root. */
export interface SkillLocation {
  /** `<category>/<skill>` (or `<skill>` at the root), POSIX separators, relative to the root. */
  id: string;
  /** Absolute path of the skill folder. */
  dir: string;
  /** Absolute path of its SKILL.md. */
  skillMd: string;
  /** The folder name (the name frontmatter `name` must equal). */
  folderName: string;
  category: string | undefined;
}

/** Something under the root that could not be walked (symlink loop, unreadable dir, escaping link). */
export interface DiscoverProblem {
  id: string;
  path: string;
  message: string;
}

export interface DiscoverResult {
  skills: SkillLocation[];
  problems: DiscoverProblem[];
}

/** Finds every folder holding a SKILL.md under `root`, sorted by id; never follows a symlink out of the root. */
export function findSkills(root: string): DiscoverResult {
  void root;
  throw new Error("findSkills: not implemented yet");
}
