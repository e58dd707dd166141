#!/usr/bin/env node
// fleet-status over a registry of 200 members with a 2000 ms per-probe timeout: 180 healthy
// members spread over 3 loopback HTTP servers (distinct paths) and 20 on a loopback TCP
// server that accepts and never answers. The probes run concurrently, so the wall should be
// about one timeout, not the sum (target ≤ 1.3 × timeout). The baseline is the timeout itself.
// Servers live in this process (so nothing here may block its event loop: no spawnSync) and
// are stopped at the end.
import { writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { createServer as createTcpServer } from "node:net";
import { join } from "node:path";
import { benchDir, bin, mainIfDirect, median, row, timeCommand } from "./lib.mjs";

const HEALTHY_SERVERS = 3;
const HEALTHY = 180;
const SILENT = 20;
const TIMEOUT_MS = 2000;
const RUNS = 5;

/** Starts a server on a random 127.0.0.1 port; returns its port and a close() that drops open sockets. */
async function listen(server) {
  const sockets = new Set();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("error", () => {});
    s.on("close", () => sockets.delete(s));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: server.address().port,
    close: () => new Promise((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    }),
  };
}

function registry(healthyPorts, silentPort) {
  const lines = ["defaults:", `  timeout_ms: ${TIMEOUT_MS}`, "wizards:"];
  for (let i = 0; i < HEALTHY; i++) {
    const port = healthyPorts[i % healthyPorts.length];
    lines.push(`  - { name: wizard-${i}, host: vps-${i % 10}, gateway: { url: "http://127.0.0.1:${port}/w${i}/health" } }`);
  }
  for (let i = 0; i < SILENT; i++) {
    lines.push(`  - { name: silent-${i}, host: dead-vps, gateway: { url: "http://127.0.0.1:${silentPort}/s${i}/health" } }`);
  }
  return `${lines.join("\n")}\n`;
}

/** Returns the bench row: the CLI's median wall time against the per-probe timeout. */
export async function run() {
  const { dir, cleanup } = benchDir("fleet-status");
  const servers = [];
  try {
    for (let i = 0; i < HEALTHY_SERVERS; i++) {
      servers.push(await listen(createServer((_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end('{"status":"ok"}');
      })));
    }
    // Accepts, reads (so a client's close is noticed) and never answers.
    servers.push(await listen(createTcpServer((s) => s.resume())));
    const silentPort = servers.at(-1).port;
    const path = join(dir, "fleet.yaml");
    writeFileSync(path, registry(servers.slice(0, HEALTHY_SERVERS).map((s) => s.port), silentPort));
    const env = { PATH: process.env.PATH, NO_COLOR: "1", HERMES_HOME: dir };
    const walls = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await timeCommand(process.execPath, [bin("fleet-status"), "--registry", path], { env });
      const report = JSON.parse(r.stdout);
      if (r.code !== 1 || report.summary.up !== HEALTHY || report.summary.down !== SILENT) {
        throw new Error(`unexpected result (exit ${r.code}): ${JSON.stringify(report.summary)} ${r.stderr}`);
      }
      walls.push(r.ms);
    }
    const wall = median(walls);
    const ratio = wall / TIMEOUT_MS;
    return [row({
      figure: "fleet-status",
      medianMs: wall,
      baselineMs: TIMEOUT_MS,
      ratio,
      target: "≤ 1.3 × timeout",
      met: ratio <= 1.3,
      note: `${HEALTHY + SILENT} members (${SILENT} accept and never answer), timeout ${TIMEOUT_MS} ms, median of ${RUNS} runs`,
    })];
  } finally {
    await Promise.all(servers.map((s) => s.close()));
    cleanup();
  }
}

await mainIfDirect(import.meta.url, run);
