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
  cache: { type: "boolean", default: true, description: "Reuse fingerprints of skills whose files are unchanged (by stat) since an earlier audit", negativeDescription: "Read every file (also: SKILLS_AUDIT_CACHE=off)" },
  "cache-dir": { type: "string", description: "Fingerprint cache folder (default: $SKILLS_AUDIT_CACHE_DIR, else $HERMES_HOME/wizard-council/cache/skills-audit)", valueHint: "dir" },
} as const satisfies ArgsDef;

