import type { ArgsDef } from "citty";
import { formatArgs, hermesHomeArgs } from "@wizard-council/kit";

/** The flags of skills-audit (cheap to load: the CLI's `--help` needs only these). */
export const auditArgs = {
  ...formatArgs,
  ...hermesHomeArgs,
  source: { type: "string", description: "Source skills folder (default: $SKILLS_AUDIT_SOURCE, else the bundled skills)", valueHint: "dir" },
  target: { type: "string", description: "Installed skills folder (default: $HERMES_HOME/skills)", valueHint: "dir" },
  fix: { type: "boolean", description: "Install MISSING, update OUTDATED, re-baseline CONVERGED skills" },
  force: { type: "boolean", description: "With --fix: also replace MODIFIED and reinstall DELETED skills (backups kept)" },
  prune: { type: "boolean", description: "With --fix: remove EXTRA skills (backups kept)" },
  "dry-run": { type: "boolean", description: "Report the exact actions --fix would take; touch nothing" },
} as const satisfies ArgsDef;

