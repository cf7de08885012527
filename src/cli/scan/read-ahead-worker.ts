/**
 * The read-ahead thread: claims the scan's files in order and reads their bytes into a free block of the
 * shared arena, then posts the batch (one small message per block; a message per small file would cost the
 * scanning thread more than the read it saves). It never decides anything about a file: whatever goes
 * wrong (missing, unreadable, larger than a block) is left to the scanning thread, whose own read reports
 * it as it always does.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import {
  BLOCK_FREE,
  BLOCK_USED,
  DECLINED,
  DONE,
  ENDED,
  FREE,
  FREED,
  LISTED,
  NEXT,
  POSTED,
  READING,
  STOP,
  WANTED,
  blockWord,
  fileWord,
  type ReadAheadBatch,
  type ReadAheadInput,
  type ReadAheadStart,
} from './read-ahead-protocol.js';

const BATCH_FILES = 32;

// Started before the scan knows its files (its start-up overlaps the walk); each scan's list arrives as a
// message, one scan after another, and grows in shared memory while that scan walks.
const start = workerData as ReadAheadStart | undefined;
if (start) {
  start.port.on('message', (input: ReadAheadInput) => run(input, start.port));
  parentPort?.postMessage('ready');
}

function run({ generation, layout, names: namesBuffer, ends: endsBuffer, control: controlBuffer, arena: arenaBuffer, maxFileBytes }: ReadAheadInput, port: MessagePort): void {
  const control = new Int32Array(controlBuffer);
  const arena = new Uint8Array(arenaBuffer);
  const names = Buffer.from(namesBuffer);
  const nameEnds = new Int32Array(endsBuffer);
  const pathOf = (i: number): string => names.toString('utf8', i === 0 ? 0 : nameEnds[i - 1]!, nameEnds[i]!);
  const { blockBytes } = layout;
  let block = -1;
  let used = 0;
  let indexes: number[] = [];
  let starts: number[] = [];
  let ends: number[] = [];

  const post = () => {
    if (indexes.length === 0) return;
    const batch: ReadAheadBatch = { generation, block, indexes, starts, ends };
    port.postMessage(batch);
    for (const i of indexes) {
      Atomics.store(control, fileWord(layout, i), POSTED);
      Atomics.notify(control, fileWord(layout, i));
    }
    block = -1;
    used = 0;
    indexes = [];
    starts = [];
    ends = [];
  };
  const decline = (i: number) => {
    Atomics.store(control, fileWord(layout, i), DECLINED);
    Atomics.notify(control, fileWord(layout, i));
  };
  /** A free block, or -1. */
  const tryAcquire = (): number => {
    for (let b = 0; b < layout.blocks; b++) {
      if (Atomics.compareExchange(control, blockWord(b), BLOCK_FREE, BLOCK_USED) === BLOCK_FREE) return b;
    }
    return -1;
  };
  /** A free block, waiting for the scan to free one (the bound on memory in flight); -1 once stopped. */
  const acquire = (): number => {
    while (Atomics.load(control, STOP) === 0) {
      const freed = Atomics.load(control, FREED);
      const b = tryAcquire();
      if (b >= 0) return b;
      Atomics.wait(control, FREED, freed, 50);
    }
    return -1;
  };

  /**
   * Whether file `i` is (or becomes) listed; false once the list is complete without it, or the scan stops.
   * The batch in hand is kept while waiting (posting each time the walk falls behind would spend a block on
   * a file or two), unless the scan waits for one of its files: it then raises WANTED and wakes this wait.
   */
  const listed = (i: number): boolean => {
    for (;;) {
      const count = Atomics.load(control, LISTED);
      if (i < count) return true;
      if (Atomics.load(control, ENDED) === 1 || Atomics.load(control, STOP) === 1) return false;
      if (Atomics.load(control, WANTED) >= 0) post();
      Atomics.wait(control, LISTED, count, 50);
    }
  };

  const readListed = (): void => {
    while (Atomics.load(control, STOP) === 0) {
      const i = Atomics.add(control, NEXT, 1);
      if (i >= layout.files || !listed(i)) break;
      // A block, then the file: no file is held while waiting, so the scan never waits for this wait.
      if (block < 0 && (block = acquire()) < 0) break;
      if (Atomics.compareExchange(control, fileWord(layout, i), FREE, READING) !== FREE) continue;
      let fd: number | undefined;
      try {
        fd = openSync(pathOf(i), 'r');
        const size = fstatSync(fd).size;
        // Empty by its size may be a pipe or a special file: the scanning thread reads those to their end.
        if (size === 0 || size > blockBytes || size > maxFileBytes) {
          decline(i);
          continue;
        }
        if (used + size > blockBytes) {
          post();
          // Never wait while holding a file the scan may be waiting for: leave it to the scan instead.
          if ((block = tryAcquire()) < 0) {
            decline(i);
            continue;
          }
        }
        const got = readInto(fd, arena, block * blockBytes + used, size);
        indexes.push(i);
        starts.push(used);
        ends.push(used + got);
        used += got;
      } catch {
        decline(i);
        continue;
      } finally {
        if (fd !== undefined) closeQuietly(fd);
      }
      // WANTED is set while the scanning thread waits for a file this thread holds: read or in this batch.
      if (indexes.length >= BATCH_FILES || Atomics.load(control, WANTED) >= 0) post();
    }
    post();
  };

  try {
    readListed();
  } finally {
    Atomics.store(control, DONE, generation);
    Atomics.notify(control, DONE);
  }
}

function readInto(fd: number, arena: Uint8Array, at: number, size: number): number {
  let got = 0;
  while (got < size) {
    const n = readSync(fd, arena, at + got, size - got, null);
    if (n === 0) break;
    got += n;
  }
  return got;
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // nothing to do: the bytes are read
  }
}
