/**
 * The version a program's `--version` output names: its first dotted number, as `x.y.z`
 * (`git version 2.43.0`, `Python 3.12.1`, `v20.1.0`, `jq-1.6` → 1.6.0). Taking the first digits
 * instead reads `tool1 version 2.2.3` as 1 and `x264 0.164.3095` as 264.
 */
export function extractVersion(output: string): string | undefined {
  const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(output);
  return m ? `${m[1]}.${m[2]}.${m[3] ?? "0"}` : undefined;
}
