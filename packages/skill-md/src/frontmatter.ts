// Owner: the dependency-checker work. Interface agreed with skills-audit and monthly-audit; keep it.

/** A SKILL.md parsed as data only (gray-matter's JS engines disabled). */
export type ParsedSkill =
  | { ok: true; frontmatter: Record<string, unknown>; name: string | undefined; description: string | undefined; version: string | undefined; body: string }
  | { ok: false; error: { field?: string; message: string } };

/** Parses SKILL.md text; never throws for bad input, never evaluates code. */
export function parseSkillMd(text: string): ParsedSkill {
  void text;
  throw new Error("parseSkillMd: not implemented yet");
}

/** Reads and parses a SKILL.md file (size-capped); unreadable files are `{ ok: false }`. */
export function readSkillMd(path: string): ParsedSkill {
  void path;
  throw new Error("readSkillMd: not implemented yet");
}
