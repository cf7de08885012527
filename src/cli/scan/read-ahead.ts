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
  DONE,
  ENDED,
  FREE,
  FREED,
  LISTED,
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
  /** Most files one list holds; the scanning thread reads any further file itself. */
  listFiles?: number;
  /** Bytes for the paths of one list (UTF-8); past them, likewise. */
  listBytes?: number;
}

/** 8 MiB in flight at most; most templates and modules fit a block (a larger file is read in place). */
const DEFAULT_BLOCKS = 32;
const DEFAULT_BLOCK_BYTES = 256 * 1024;
/**
 * Room for the list: 131,072 files and 16 MiB of paths (128 bytes each on average). Shared memory is
 * committed only where it is written, so a list of a few hundred files costs a few pages.
 */
const DEFAULT_LIST_FILES = 1 << 17;
const DEFAULT_LIST_BYTES = 16 * 1024 * 1024;
/** Longest wait for one file held by the read-ahead thread before this thread reads everything itself. */
const MAX_WAIT_MS = 2000;
const WAIT_STEP_MS = 20;
/** Drains that may fail to find a file already marked as posted (never seen; a guard against a lost message). */
const MAX_SPINS = 1000;

/** Longest wait, at the start of a scan, for the thread to be done with the last scan's list. */
const MEMORY_REUSE_WAIT_MS = 10;

interface SharedMemory {
  layout: ReadAheadLayout;
  control: SharedArrayBuffer;
  arena: SharedArrayBuffer;
  names: SharedArrayBuffer;
  ends: SharedArrayBuffer;
}

function sameLayout(a: ReadAheadLayout, b: ReadAheadLayout): boolean {
  return a.files === b.files && a.blocks === b.blocks && a.blockBytes === b.blockBytes;
}

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
  /** The last list's shared memory, and its generation. */
  private memory: SharedMemory | undefined;
  private memoryGeneration = 0;

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

  /**
   * Shared memory for the next list: the last list's, cleared, once this thread is done with it (it is then
   * within a few milliseconds of that scan's end), or fresh. Fresh memory for every scan was measured to
   * cost more than the reads it saved in a process that scans again and again: V8 counts it against the
   * heap's limits, and the collector ran full collections to give back memory that was not on the heap.
   */
  memoryFor(layout: ReadAheadLayout, listBytes: number): SharedMemory {
    const last = this.memory;
    if (last && sameLayout(last.layout, layout) && last.names.byteLength === listBytes && this.finished(new Int32Array(last.control))) {
      new Int32Array(last.control).fill(0);
      this.memoryGeneration = this.generation;
      return last;
    }
    const memory: SharedMemory = {
      layout,
      control: new SharedArrayBuffer(4 * controlWords(layout)),
      arena: new SharedArrayBuffer(layout.blocks * layout.blockBytes),
      names: new SharedArrayBuffer(listBytes),
      ends: new SharedArrayBuffer(4 * layout.files),
    };
    this.memory = memory;
    this.memoryGeneration = this.generation;
    return memory;
  }

  /** Whether the thread is done with the last list (waiting briefly: a stopped list ends within one read). */
  private finished(control: Int32Array): boolean {
    const deadline = performance.now() + MEMORY_REUSE_WAIT_MS;
    for (;;) {
      const done = Atomics.load(control, DONE);
      if (done === this.memoryGeneration) return true;
      const left = deadline - performance.now();
      if (left <= 0) return false;
      Atomics.wait(control, DONE, done, left);
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
  private names: Buffer = Buffer.alloc(0);
  private nameEnds: Int32Array = new Int32Array(0);
  private listed = 0;
  private nameBytes = 0;
  private generation = -1;
  private abandoned = true;
  private closed = false;

  private constructor(
    private readonly thread: ReaderThread,
    private readonly opts: ReadAheadOptions,
  ) {
    this.layout = { files: opts.listFiles ?? DEFAULT_LIST_FILES, blocks: opts.blocks ?? DEFAULT_BLOCKS, blockBytes: opts.blockBytes ?? DEFAULT_BLOCK_BYTES };
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

  /**
   * Hands the thread this scan's list, empty: `add` lists each file (the key the scan will ask for, its
   * absolute path) in the order it will be read, as the walk finds it, and `end` says the list is complete.
   */
  begin(): void {
    if (this.closed || this.generation >= 0) return;
    const layout = this.layout;
    this.generation = ++this.thread.generation;
    const { control, arena, names, ends } = this.thread.memoryFor(layout, this.opts.listBytes ?? DEFAULT_LIST_BYTES);
    this.control = new Int32Array(control);
    this.arena = Buffer.from(arena);
    this.names = Buffer.from(names);
    this.nameEnds = new Int32Array(ends);
    Atomics.store(this.control, WANTED, -1);
    const input: ReadAheadInput = { generation: this.generation, layout, names, ends, control, arena, maxFileBytes: this.opts.maxFileBytes ?? Infinity };
    this.thread.port.postMessage(input);
    this.abandoned = false;
  }

  /** Lists one more file; past the list's room it is not listed, and the scan reads it itself. */
  add(key: string, path: string): void {
    if (this.abandoned || this.listed === this.layout.files || this.slots.has(key)) return;
    // A path's UTF-8 is at most three bytes per UTF-16 unit: the room is checked before writing.
    if (this.nameBytes + 3 * path.length > this.names.length) return;
    this.nameBytes += this.names.write(path, this.nameBytes, 'utf8');
    this.nameEnds[this.listed] = this.nameBytes;
    this.slots.set(key, this.listed);
    Atomics.store(this.control, LISTED, ++this.listed);
    Atomics.notify(this.control, LISTED);
  }

  /** The list is complete: the thread stops once it has gone through it. */
  end(): void {
    if (this.abandoned) return;
    Atomics.store(this.control, ENDED, 1);
    Atomics.notify(this.control, LISTED);
  }

  /** How far down the list the read-ahead thread has gone (files claimed or passed over). */
  get reached(): number {
    return this.control.length === 0 ? 0 : Math.min(Atomics.load(this.control, NEXT), this.listed);
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
      Atomics.notify(this.control, LISTED); // the thread may be waiting for the list with the file in hand
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
    Atomics.notify(this.control, LISTED);
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
