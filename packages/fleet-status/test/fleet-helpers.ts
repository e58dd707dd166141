import { writeFileSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

/**
 * A registry prefix that turns the slow threshold off: on a loaded test machine a loopback
 * answer can take over the default second, and a test asserting UP must not see DEGRADED.
 */
export const RELAXED = "defaults: { slow_ms: 600000 }\n";

/** Writes a registry file into a temp dir and returns its path. */
export function writeRegistry(dir: string, text: string, name = "fleet.yaml"): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/**
 * A TCP server on 127.0.0.1 that accepts and never answers, and counts how many
 * connections were open at once (to see the concurrency cap from the outside).
 */
export async function startCountingSilentServer(): Promise<{ url: string; port: number; maxOpen: () => number; accepted: () => number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  let max = 0;
  let accepted = 0;
  const server = createServer((s) => {
    accepted += 1;
    sockets.add(s);
    max = Math.max(max, sockets.size);
    s.on("error", () => {});
    s.resume(); // read, so a client's close is seen
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    maxOpen: () => max,
    accepted: () => accepted,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
