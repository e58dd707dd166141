// The worker thread of InventoryPool, built as its own entry (dist/inventory-worker.js). It only
// reads: it fingerprints and diffs the skills it takes, and answers each job once, when none is left.
import { parentPort } from "node:worker_threads";
import { drainTasks, type PoolJob, type WorkerMessage } from "./inventory-pool.ts";
import { packPair, type PackedPair } from "./skill-pair.ts";

parentPort?.on("message", ({ job, tasks, counter }: PoolJob) => {
  const results: [number, PackedPair][] = [];
  drainTasks(tasks, counter, (i, r) => results.push([i, packPair(r)]));
  parentPort!.postMessage({ job, results } satisfies WorkerMessage);
});
parentPort?.postMessage({ ready: true } satisfies WorkerMessage);
