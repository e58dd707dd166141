// Owner: the skills-audit work. Interface agreed with monthly-audit; keep it.

/** The hermes-agent-compatible MD5 of a skill folder (see ../shared/spec/skills.md). */
export function fingerprintSkill(dir: string, options: { ignoreJunk?: boolean } = {}): string {
  void dir;
  void options;
  throw new Error("fingerprintSkill: not implemented yet");
}
