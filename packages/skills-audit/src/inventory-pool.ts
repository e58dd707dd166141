import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { assembleInventories, planInventories, type Inventories, type InventoryCaches } from "./inventory.ts";
import { compareSkillPair, unpackPair, type PackedPair, type PairResult, type PairTask } from "./skill-pair.ts";

/** What this thread sends the worker: the tasks, and the counter both threads take task numbers from. */
export interface PoolJob {
  job: number;
  tasks: PairTask[];
  counter: Int32Array;
}

/** What the worker sends back once no task is left: the results of the tasks it took, packed. */
export interface PoolReply {
  job: number;
  results: [number, PackedPair][];
}

/** What the worker sends: `ready` once, when its entry has loaded and listens; then one reply per job. */
export type WorkerMessage = { ready: true } | PoolReply;

/**
 * Takes task numbers from the shared counter until none is left. Both threads run this on the same
 * counter, so each task is done exactly once, and a late start on one side (the worker's boot) is
 * made up by the other.
 */
export function drainTasks(tasks: readonly PairTask[], counter: Int32Array, done: (index: number, result: PairResult) => void): void {
  for (;;) {
    const i = Atomics.add(counter, 0, 1);
    if (i >= tasks.length) return;
    done(i, compareSkillPair(tasks[i]!));
  }
}

/** The built worker entry beside this module in dist/; absent when running from src/ (tests), which then stay on one thread. */
export const DEFAULT_WORKER = new URL("./inventory-worker.js", import.meta.url);

/**
 * Fingerprints skills on this thread and one worker thread at once: the work is mostly per-file
 * system calls and their JavaScript overhead, which a second core shares. Without a worker (one
 * core, no built worker file, or the worker failed) everything runs here, with the same results.
 */
export class InventoryPool {
  #worker: Worker | undefined;
  #online: Promise<boolean> = Promise.resolve(false);
  #jobs = 0;
  #waiting = new Map<number, (results: PoolReply["results"] | undefined) => void>();
  /** How many of the last {@link take}'s tasks the worker did (diagnostics and tests). */
  lastWorkerShare = 0;

  /** Starts the worker now (unless `false`), so it boots while this thread reads the manifest and finds the skills. */
  constructor(workerFile: URL | false = DEFAULT_WORKER) {
    if (workerFile === false || availableParallelism() < 2 || !existsSync(fileURLToPath(workerFile))) return;
    try {
      this.#worker = new Worker(workerFile);
    } catch {
      return;
    }
    // Never what keeps the process alive: ref'd only while something awaits it.
    this.#worker.unref();
    const worker = this.#worker;
    let online: (ok: boolean) => void = () => {};
    this.#online = new Promise((resolve) => (online = resolve));
    worker.on("message", (msg: WorkerMessage) => {
      if ("ready" in msg) return online(true);
      this.#waiting.get(msg.job)?.(msg.results);
      this.#waiting.delete(msg.job);
    });
    // A worker that fails or exits hands its unfinished tasks back to this thread.
    const lost = () => {
      online(false);
      this.#abandon();
    };
    worker.on("error", lost);
    worker.on("exit", lost);
  }

  /** True while a worker thread shares the work. */
  get parallel(): boolean {
    return this.#worker !== undefined;
  }

  /** Resolves once the worker has loaded and listens (true), or failed or there is none (false). {@link take} does not need it. */
  async ready(): Promise<boolean> {
    this.#worker?.ref();
    try {
      return await this.#online;
    } finally {
      this.#worker?.unref();
    }
  }

  /** Both inventories, and the diff of each skill whose copies differ; with `caches`, what they hold from now on. */
  async take(sourceRoot: string, targetRoot: string, caches?: InventoryCaches): Promise<Inventories> {
    const plan = planInventories(sourceRoot, targetRoot, caches);
    const results: (PairResult | undefined)[] = new Array(plan.tasks.length);
    const counter = new Int32Array(new SharedArrayBuffer(4));
    const fromWorker = this.#send(plan.tasks, counter);
    let mine = 0;
    drainTasks(plan.tasks, counter, (i, r) => {
      results[i] = r;
      mine += 1;
    });
    this.lastWorkerShare = 0;
    if (fromWorker && mine < plan.tasks.length) {
      this.#worker?.ref();
      const theirs = await fromWorker;
      this.#worker?.unref();
      for (const [i, r] of theirs ?? []) results[i] = unpackPair(r, plan.tasks[i]!);
      this.lastWorkerShare = theirs?.length ?? 0;
    }
    // Whatever the worker took but never returned (it failed) is done here.
    for (let i = 0; i < results.length; i++) results[i] ??= compareSkillPair(plan.tasks[i]!);
    return assembleInventories(plan, results as PairResult[]);
  }

  /** Stops the worker; the pool then works on this thread only. */
  close(): void {
    const worker = this.#worker;
    this.#abandon();
    void worker?.terminate();
  }

  #send(tasks: PairTask[], counter: Int32Array): Promise<PoolReply["results"] | undefined> | undefined {
    if (!this.#worker || tasks.length === 0) return undefined;
    const job = ++this.#jobs;
    const reply = new Promise<PoolReply["results"] | undefined>((resolve) => this.#waiting.set(job, resolve));
    this.#worker.postMessage({ job, tasks, counter } satisfies PoolJob);
    return reply;
  }

  #abandon(): void {
    this.#worker = undefined;
    for (const resolve of this.#waiting.values()) resolve(undefined);
    this.#waiting.clear();
  }
}
