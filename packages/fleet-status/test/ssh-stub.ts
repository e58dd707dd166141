import { chmodSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * A stand-in `ssh` placed first on PATH: it records its argv (NUL-separated, one file per
 * call) and answers by target — `*unreachable*` exits 255 like a failed connection,
 * `*failing*` exits 3 like a failed remote command, `*hang*` never finishes, `*flood*`
 * prints 400 KB, else prints
 * "active" and exits 0. No network or sshd involved.
 */
export function installSshStub(dir: string): { path: string; env: NodeJS.ProcessEnv; calls: () => string[][] } {
  const script = `#!/bin/sh
out="$SSH_STUB_DIR/argv.$$"
: > "$out"
for a in "$@"; do printf '%s\\0' "$a" >> "$out"; done
case "$5" in
  *unreachable*) echo "ssh: connect to host $5 port 22: Connection refused" >&2; exit 255 ;;
  *failing*) echo "inactive"; exit 3 ;;
  *hang*) exec sleep 20 ;;
  *flood*) head -c 400000 /dev/zero | tr '\\0' 'a'; exit 0 ;;
esac
echo active
exit 0
`;
  writeFileSync(join(dir, "ssh"), script);
  chmodSync(join(dir, "ssh"), 0o755);
  return {
    path: `${dir}:${process.env.PATH ?? "/usr/bin:/bin"}`,
    env: { PATH: `${dir}:${process.env.PATH ?? "/usr/bin:/bin"}`, SSH_STUB_DIR: dir },
    calls: () =>
      readdirSync(dir)
        .filter((f) => f.startsWith("argv."))
        .map((f) => readFileSync(join(dir, f), "utf8").split("\0").slice(0, -1)),
  };
}
