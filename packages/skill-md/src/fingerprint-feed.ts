import { createHash, hash, type Hash } from "node:crypto";
import { closeSync, openSync, readSync } from "node:fs";

/** Bytes held before they are flushed into incremental hashes; most skills fit whole. */
export const FEED_CAPACITY = 256 * 1024;

// One buffer per thread, shared by every feed: a skill's paths and bytes are laid end to end in it
// and hashed by one native call, instead of an allocation and two hash updates per file.
let shared: Buffer | undefined;

/**
 * Feeds a skill's files, in order, to both of its fingerprints at once: `hermes` (every file) and
 * `clean` (OS junk left out), reading each file once. Memory stays bounded whatever the file sizes:
 * a full buffer goes into incremental hashes and starts over. One feed at a time per thread (the
 * buffer is shared); a feed is spent by {@link digests}.
 */
export class FingerprintFeed {
  readonly #buf = (shared ??= Buffer.allocUnsafe(FEED_CAPACITY));
  #n = 0;
  /** How many times the buffer was flushed; only then do the incremental hashes exist. */
  #flushes = 0;
  #hermes: Hash | undefined;
  #clean: Hash | undefined;
  /** [start, end) pairs: junk entries (path and bytes) in the buffer since the last flush. */
  readonly #junk: number[] = [];
  #anyJunk = false;
  /** Where the junk entry being added began in the buffer; -1 while adding a non-junk entry. */
  #junkFrom = -1;
  #fileStart = 0;
  #fileFlushes = 0;

  /**
   * Adds one file: its relative path (UTF-8), then its bytes read from `abs` up to end of file.
   * `onOpen` sees the file descriptor before anything is read. Returns how many bytes it read.
   * Throws the read's error, which names the path.
   */
  addFile(rel: string, abs: string, junk: boolean, onOpen?: (fd: number) => void): number {
    this.#junkFrom = junk ? this.#n : -1;
    this.#addText(rel);
    this.#fileStart = this.#n;
    this.#fileFlushes = this.#flushes;
    let size = -this.#n;
    const fd = openSync(abs, "r");
    try {
      onOpen?.(fd);
      for (;;) {
        if (this.#n === this.#buf.length) {
          size += this.#n;
          this.#flush();
        }
        const got = readSync(fd, this.#buf, this.#n, this.#buf.length - this.#n, null);
        if (got === 0) break;
        this.#n += got;
      }
    } finally {
      closeSync(fd);
    }
    if (this.#junkFrom >= 0) {
      this.#anyJunk = true;
      this.#junk.push(this.#junkFrom, this.#n);
      this.#junkFrom = -1;
    }
    return size + this.#n;
  }

  /** A copy of the bytes of the file added last, or undefined when it was too big to stay in the buffer. */
  lastFileBytes(): Buffer | undefined {
    return this.#fileFlushes === this.#flushes ? Buffer.from(this.#buf.subarray(this.#fileStart, this.#n)) : undefined;
  }

  /** Both hex digests; `clean` equals `hermes` when no junk was added. */
  digests(): { hermes: string; clean: string } {
    if (this.#flushes === 0) {
      // Everything fit (the usual case): one-shot hashing, and a second pass only when there is junk.
      const hermes = hash("md5", this.#buf.subarray(0, this.#n), "hex");
      if (!this.#anyJunk) return { hermes, clean: hermes };
      const clean = createHash("md5");
      this.#updateClean(clean);
      return { hermes, clean: clean.digest("hex") };
    }
    this.#flush();
    const hermes = this.#hermes!.digest("hex");
    return { hermes, clean: this.#anyJunk ? this.#clean!.digest("hex") : hermes };
  }

  #flush(): void {
    this.#hermes ??= createHash("md5");
    this.#clean ??= createHash("md5");
    this.#hermes.update(this.#buf.subarray(0, this.#n));
    // A junk entry cut by the flush: its first part is junk here, its rest starts at offset 0 after.
    if (this.#junkFrom >= 0) this.#junk.push(this.#junkFrom, this.#n);
    this.#updateClean(this.#clean);
    this.#n = 0;
    this.#junk.length = 0;
    if (this.#junkFrom >= 0) this.#junkFrom = 0;
    this.#flushes += 1;
  }

  /** Feeds the buffer minus its junk ranges. */
  #updateClean(clean: Hash): void {
    let at = 0;
    for (let i = 0; i < this.#junk.length; i += 2) {
      if (this.#junk[i]! > at) clean.update(this.#buf.subarray(at, this.#junk[i]));
      at = this.#junk[i + 1]!;
    }
    if (this.#n > at) clean.update(this.#buf.subarray(at, this.#n));
  }

  #addText(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit: make room first, so `write` never truncates.
    if (this.#buf.length - this.#n < text.length * 3) this.#flush();
    if (this.#buf.length - this.#n >= text.length * 3) {
      this.#n += this.#buf.write(text, this.#n, "utf8");
      return;
    }
    const bytes = Buffer.from(text, "utf8"); // longer than the whole buffer: copied in pieces
    for (let off = 0; off < bytes.length; ) {
      if (this.#n === this.#buf.length) this.#flush();
      const take = Math.min(bytes.length - off, this.#buf.length - this.#n);
      bytes.copy(this.#buf, this.#n, off, off + take);
      this.#n += take;
      off += take;
    }
  }
}
