/** Variable names whose values are secrets: never printed, whatever path an error takes. */
export const SECRET_NAME = /(TOKEN|SECRET|PASSWORD|PASSWD|API_KEY|_KEY$|^KEY$|CREDENTIAL|PRIVATE)/i;

/** True when a variable's value is one to hide: a secret-looking name and at least 6 characters (shorter would mask noise). */
export function isSecretVariable(name: string, value: string | undefined): value is string {
  return value !== undefined && value.length >= 6 && SECRET_NAME.test(name);
}

/** The values of secret-looking variables in an environment (at least 6 characters, to avoid masking noise). */
export function secretValues(env: NodeJS.ProcessEnv | Record<string, string | undefined>): string[] {
  const values = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (isSecretVariable(name, value)) values.add(value);
  }
  return [...values].sort((a, b) => b.length - a.length);
}

/**
 * Replaces every occurrence of the given secrets with `***`. The last line of defence:
 * the kit runs every byte a tool prints through it, so a value that slipped into a message
 * (e.g. from a server echoing a header) never reaches stdout or stderr.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (out.includes(s)) out = out.split(s).join("***");
    const escaped = JSON.stringify(s).slice(1, -1);
    if (escaped !== s && out.includes(escaped)) out = out.split(escaped).join("***");
  }
  return out;
}
