import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDotEnv } from "./env.ts";
import { isSecretVariable, redactSecrets, secretValues } from "./redact.ts";
import { resolveHermesHome } from "./paths.ts";

const registered = new Set<string>();

/** Registers a secret read from somewhere other than the environment (a token file) so output never shows it. */
export function registerSecret(value: string | undefined): void {
  if (value && value.trim().length >= 6) registered.add(value.trim());
}

/**
 * Every secret value this process knows of: secret-looking variables in the environment
 * and in `$HERMES_HOME/.env`, plus registered ones. Longest first, so redaction is greedy.
 */
export function knownSecrets(env: NodeJS.ProcessEnv, hermesHomeFlag?: string): string[] {
  const values = new Set<string>([...secretValues(env), ...registered]);
  try {
    const file = parseDotEnv(readFileSync(join(resolveHermesHome(hermesHomeFlag, env), ".env"), "utf8"));
    file.forEach((value, name) => {
      if (isSecretVariable(name, value)) values.add(value);
    });
  } catch {
    // no .env: nothing more to hide
  }
  return [...values].sort((a, b) => b.length - a.length);
}

/** Redacts every known secret from text about to be printed. */
export function scrub(text: string, env: NodeJS.ProcessEnv, hermesHomeFlag?: string): string {
  return redactSecrets(text, knownSecrets(env, hermesHomeFlag));
}
