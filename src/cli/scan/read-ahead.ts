/**
 * Reads a large scan's files on a second thread while this one parses and evaluates them. Opening and reading
 * thousands of small files is system-call time this thread would otherwise spend waiting; here it overlaps
 * with the parsing. Nothing depends on it: a file the read-ahead thread has not reached, declined or failed
 * to read is read here as before (so errors are reported exactly as without it), and if the thread cannot
 * start or stops answering the scan simply reads everything itself.
 */
import { MessageChannel, SHARE_ENV, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import {
  BLOCK_FREE,
  DECLINED,
  FREE,
  FREED,
  NEXT,
  OWN,
  POSTED,
  READING,
  STOP,
  WANTED,
  blockWord,
  controlWords,
  fileWord,
  type ReadAheadBatch,
  type ReadAheadInput,
  type ReadAheadLayout,
  type ReadAheadStart,
} from './read-ahead-protocol.js';
import { spawnWorker } from './spawn.js';
import { decodeText } from './read.js';

export interface ReadAheadOptions {
  /** Blocks of the shared arena: at most this many batches are read and not yet taken. */
  blocks?: number;
  /** Bytes per block; a larger file is read by the scanning thread. */
  blockBytes?: number;
  /** The scan's size limit: a larger file is left to the scanning thread, whose read reports it. */
  maxFileBytes?: number;
}

/** 8 MiB in flight at most; most templates and modules fit a block (a larger file is read in place). */
const DEFAULT_BLOCKS = 32;
const DEFAULT_BLOCK_BYTES = 256 * 1024;
/** Longest wait for one file held by the read-ahead thread before this thread reads everything itself. */
const MAX_WAIT_MS = 2000;
const WAIT_STEP_MS = 20;
/** Drains that may fail to find a file already marked as posted (never seen; a guard against a lost message). */
const MAX_SPINS = 1000;

interface Ready {
  block: number;
  start: number;
  end: number;
}

/**
 * The thread that reads, and the port its batches come back by. It outlives a scan: the next scan in the same
 * process (a watch, a test suite, a library caller) hands it its list without paying its start-up again.
 */
class ReaderThread {
  alive = true;
  /** Numbers each list, so that batches of an earlier scan still queued on the port are recognised. */
  generation = 0;
  readonly listening: Promise<void>;

  constructor(
    readonly port: MessagePort,
    readonly worker: Worker,
  ) {
    // It must never keep the process alive, and a failure inside it is not the scan's failure.
    worker.unref();
    port.unref();
    worker.on('error', () => undefined);
    worker.once('exit', () => (this.alive = false));
    this.listening = new Promise<void>((resolve) => {
      worker.once('message', () => resolve());
      worker.once('exit', () => resolve());
    });
  }

  static start(): ReaderThread | undefined {
    const { port1, port2 } = new MessageChannel();
    try {
      const start: ReadAheadStart = { port: port2 };
      // It prints nothing and reads no environment: sharing the environment and leaving its output unpiped
      // trims its start-up, which competes with the scanning thread's compiler on a two-core machine.
      const worker = spawnWorker('read-ahead-worker', { workerData: start, transferList: [port2], env: SHARE_ENV, stdout: true, stderr: true });
      return new ReaderThread(port1, worker);
    } catch {
      port1.close();
      return undefined;
    }
  }

  stop(): void {
    this.alive = false;
    this.port.close();
    void this.worker.terminate().catch(() => undefined);
  }
}

/** At most one reader thread waits between scans. */
let idle: ReaderThread | undefined;

export class ReadAhead {
  /** Files whose text came from the read-ahead thread. */
  served = 0;
  private readonly slots = new Map<string, number>();
  private readonly received = new Map<number, Ready>();
  /** Files of each block not taken yet: the block is given back when none is left. */
  private readonly pending: number[];
  private layout: ReadAheadLayout;
  private control: Int32Array = new Int32Array(0);
  private arena: Buffer = Buffer.alloc(0);
  private generation = -1;
  private abandoned = true;
  private closed = false;

  private constructor(
    private readonly thread: ReaderThread,
    private readonly opts: ReadAheadOptions,
  ) {
    this.layout = { files: 0, blocks: opts.blocks ?? DEFAULT_BLOCKS, blockBytes: opts.blockBytes ?? DEFAULT_BLOCK_BYTES };
    this.pending = new Array<number>(this.layout.blocks).fill(0);
  }

  /**
   * A read-ahead on the waiting reader thread, or on a new one started now, before the files are known, so
   * that its start-up overlaps the walk. Undefined when no thread can be started: the scan then reads as it
   * always did.
   */
  static spawn(opts: ReadAheadOptions = {}): ReadAhead | undefined {
    let thread = idle;
    idle = undefined;
    if (!thread?.alive) thread = ReaderThread.start();
    return thread ? new ReadAhead(thread, opts) : undefined;
  }

  /** Whether a reader thread is waiting (then a read-ahead costs no start-up, whatever the size of the tree). */
  static waiting(): boolean {
    return idle?.alive === true;
  }

  /** Resolves once the thread listens for its list (tests use it to make the thread's part certain). */
  ready(): Promise<void> {
    return this.thread.listening;
  }

  /** Hands over the files (keys the scan will ask for, absolute paths), in the order they will be read. */
  begin(files: { key: string; path: string }[]): void {
    if (this.closed) return;
    const layout: ReadAheadLayout = { ...this.layout, files: files.length };
    const control = new SharedArrayBuffer(4 * controlWords(layout));
    const arena = new SharedArrayBuffer(layout.blocks * layout.blockBytes);
    this.control = new Int32Array(control);
    this.arena = Buffer.from(arena);
    Atomics.store(this.control, WANTED, -1);
    files.forEach((f, i) => this.slots.set(f.key, i));
    this.layout = layout;
    this.generation = ++this.thread.generation;
    const input: ReadAheadInput = {
      generation: this.generation,
      layout,
      files: files.map((f) => f.path),
      control,
      arena,
      maxFileBytes: this.opts.maxFileBytes ?? Infinity,
    };
    this.thread.port.postMessage(input);
    this.abandoned = false;
  }

  /** How far down the list the read-ahead thread has gone (files claimed or passed over). */
  get reached(): number {
    return this.control.length === 0 ? 0 : Math.min(Atomics.load(this.control, NEXT), this.layout.files);
  }

  /**
   * The text of a file read ahead, once; undefined when the caller must read it itself (not in the list,
   * already taken, declined, or claimed here first).
   */
  take(key: string): string | undefined {
    const slot = this.slots.get(key);
    if (slot === undefined || this.abandoned) return undefined;
    const cell = fileWord(this.layout, slot);
    let waited = 0;
    let spins = 0;
    for (;;) {
      const got = this.received.get(slot) ?? (this.drain(), this.received.get(slot));
      if (got) return this.use(slot, cell, got);
      const was = Atomics.compareExchange(this.control, cell, FREE, OWN);
      if (was === FREE || was === OWN || was === DECLINED) return undefined;
      // POSTED: its message was queued before the state was written, so the next drain finds it.
      if (was === POSTED) {
        if (++spins > MAX_SPINS) {
          this.abandon();
          return undefined;
        }
        continue;
      }
      // READING: being read, or in a batch not yet posted; ask for the batch and wait for it.
      if (waited >= MAX_WAIT_MS) {
        this.abandon();
        return undefined;
      }
      Atomics.store(this.control, WANTED, slot);
      const start = performance.now();
      Atomics.wait(this.control, cell, READING, WAIT_STEP_MS);
      waited += Math.max(performance.now() - start, 1);
      Atomics.store(this.control, WANTED, -1);
    }
  }

  /**
   * Ends this scan's reading: what was read and not taken is dropped, and the thread waits for the next
   * scan's list (or stops, when another thread already waits).
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.abandon();
    this.received.clear();
    if (this.thread.alive && !idle) idle = this.thread;
    else if (idle !== this.thread) this.thread.stop();
  }

  private use(slot: number, cell: number, got: Ready): string {
    this.received.delete(slot);
    Atomics.store(this.control, cell, OWN);
    const base = got.block * this.layout.blockBytes;
    // Decoded (copied) before the block can be given back and written again.
    const text = decodeText(this.arena, base + got.start, base + got.end);
    if (--this.pending[got.block]! === 0) {
      Atomics.store(this.control, blockWord(got.block), BLOCK_FREE);
      Atomics.add(this.control, FREED, 1);
      Atomics.notify(this.control, FREED);
    }
    this.served++;
    return text;
  }

  private abandon(): void {
    this.abandoned = true;
    if (this.control.length === 0) return;
    Atomics.store(this.control, STOP, 1);
    Atomics.add(this.control, FREED, 1);
    Atomics.notify(this.control, FREED);
  }

  private drain(): void {
    for (let m = receiveMessageOnPort(this.thread.port); m; m = receiveMessageOnPort(this.thread.port)) {
      const batch = m.message as ReadAheadBatch;
      if (batch.generation !== this.generation) continue;
      this.pending[batch.block] = batch.indexes.length;
      for (let k = 0; k < batch.indexes.length; k++) this.received.set(batch.indexes[k]!, { block: batch.block, start: batch.starts[k]!, end: batch.ends[k]! });
    }
  }
}
