import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { testdir } from "@wizard-council/kit/testing";

/** Stub programs for a fake PATH: name → shell body (a `#!/bin/sh` script). */
export const READY_STUBS: Record<string, string> = {
  node: 'echo "v22.11.0"',
  python3: 'if [ "$1" = "--version" ]; then echo "Python 3.12.1"; exit 0; fi\nexit 1',
  git: 'echo "git version 2.43.0"',
  ssh: "exit 0",
  curl: "exit 0",
  rsync: "exit 0",
  hermes: "exit 0",
};

/** Writes executable `#!/bin/sh` stubs into a fresh directory and returns it (to be the whole PATH). */
export function stubPath(stubs: Record<string, string | undefined> = READY_STUBS): string {
  const dir = testdir({ prefix: "wb-path-" });
  for (const [name, body] of Object.entries(stubs)) {
    if (body === undefined) continue;
    writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  }
  return dir;
}

/** A HERMES_HOME laid out as the bundled contract wants (folders, config.yaml), with an optional 0600 `.env`. */
export function readyHome(dotenv?: string): string {
  const home = testdir({ prefix: "wb-home-" });
  for (const folder of ["skills", "sessions", "logs", "memories"]) mkdirSync(join(home, folder), { mode: 0o700 });
  writeFileSync(join(home, "config.yaml"), "model: test\n");
  if (dotenv !== undefined) writeFileSync(join(home, ".env"), dotenv, { mode: 0o600 });
  return home;
}

/** Writes a file with an exact mode (writeFile's mode is masked by the umask; chmod is not). */
export function writeWithMode(path: string, text: string, mode: number): void {
  writeFileSync(path, text);
  chmodSync(path, mode);
}

/** An environment for a host that passes every offline check; tests add the network parts. */
export function readyEnv(pathDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: pathDir, OPENROUTER_API_KEY: "sk-or-test-key-123456", TELEGRAM_CHAT_ID: "-1001234567890", ...extra };
}

/** The error a promise rejects with; a promise that resolves fails the test. */
export async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string; path?: string }> {
  return promise.then(
    () => {
      throw new Error("expected a rejection, the promise resolved");
    },
    (err: unknown) => err as { code: string; message: string; path?: string },
  );
}
