/**
 * What the scanning thread and the read-ahead thread share. Bytes travel through a fixed arena of shared
 * memory cut into blocks, never through fresh buffers: a buffer per batch would be freed only when the
 * scanning thread next collects garbage, and a scan that reads 100 MB would hold most of it at once.
 *
 * Control is one Int32Array: a few counters, then one word per block (FREE or USED), then one claim state
 * per file. Each file is read by exactly one side, whoever moves its state away from FREE first.
 *
 * The list of files grows while the scan walks its folders: each path is written to a shared buffer of names
 * and published by raising LISTED, so reading starts with the walk instead of after it.
 */
import type { MessagePort } from 'node:worker_threads';

/** Index of the next file the read-ahead thread will try to claim. */
export const NEXT = 0;
/**
 * The file the scanning thread is blocked on (-1: none); the read-ahead thread posts its batch at once (LISTED
 * is notified too, as the thread may be waiting for the list with the file in its batch).
 */
export const WANTED = 1;
/** Set to 1 when the scan no longer needs the read-ahead thread. */
export const STOP = 2;
/** Bumped (and notified) each time the scanning thread frees a block. */
export const FREED = 3;
/** How many files are listed so far (raised, and notified, as the walk finds them). */
export const LISTED = 4;
/** Set to 1 when the list is complete. */
export const ENDED = 5;
/**
 * The generation of the last list the read-ahead thread is done with: from then on it touches none of that
 * list's memory, and the next list may use it again.
 */
export const DONE = 6;
export const HEADER = 7;

/** States of a file. Nobody has claimed it. */
export const FREE = 0;
/** The read-ahead thread is reading it or holds it in a batch not yet posted. */
export const READING = 1;
/** The scanning thread reads (or has read) it itself. */
export const OWN = 2;
/** Posted by the read-ahead thread (in a message queued before this state was written). */
export const POSTED = 3;
/** The read-ahead thread left it (error, larger than a block, no size): the scanning thread reads it. */
export const DECLINED = 4;

/** States of a block: free, or holding a batch whose files are not all taken yet. */
export const BLOCK_FREE = 0;
export const BLOCK_USED = 1;

export interface ReadAheadLayout {
  /** Most files a list can hold: the files a walk finds past it are read by the scanning thread. */
  files: number;
  blocks: number;
  blockBytes: number;
}

export function blockWord(block: number): number {
  return HEADER + block;
}

export function fileWord(layout: ReadAheadLayout, file: number): number {
  return HEADER + layout.blocks + file;
}

export function controlWords(layout: ReadAheadLayout): number {
  return HEADER + layout.blocks + layout.files;
}

/** A scan's shared memory, sent to the read-ahead thread (which serves one scan after another). */
export interface ReadAheadInput {
  generation: number;
  layout: ReadAheadLayout;
  /**
   * Absolute paths in UTF-8, in the order the scan is expected to read them; path k is the bytes from
   * `ends[k - 1]` (0 for the first) to `ends[k]`, written before LISTED counts it.
   */
  names: SharedArrayBuffer;
  ends: SharedArrayBuffer;
  control: SharedArrayBuffer;
  arena: SharedArrayBuffer;
  /** The scan's size limit (--max-file-size): larger files are left to the scanning thread. */
  maxFileBytes: number;
}

/** One posted batch: the block it fills, and for file k of the batch its index and byte bounds in the block. */
export interface ReadAheadBatch {
  /** The list it belongs to: batches of an ended scan may still be queued when the next one begins. */
  generation: number;
  block: number;
  indexes: number[];
  starts: number[];
  ends: number[];
}

/** What the read-ahead thread is started with: the port its list arrives on and its batches leave by. */
export interface ReadAheadStart {
  port: MessagePort;
}
