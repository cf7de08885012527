/**
 * `azmtls scan` end to end: discover, plan units, process each (results streamed into the report as units
 * finish), and assemble the contract's JSON report. Unreadable paths and files are errors that count.
 */
import { readdirSync } from 'node:fs';
import type { Report, ReportError, Result, Summary } from '../../engine/result.js';
import { discover, measureSizes, type DiscoveredFile, type Discovery } from './discovery.js';
import { processUnit, type ScanShared, type UnitOutcome, type UnitSettings } from './process.js';
import { planUnits, type Unit } from './units.js';
import { bicepFrontend, terraformFrontend } from './frontends.js';
import { absolutePath, toDisplayPath } from './paths.js';
import { readTextBounded } from './read.js';
import { TextCache } from './text-cache.js';
import { ReadAhead } from './read-ahead.js';
import { ReadAheadFeed } from './read-ahead-feed.js';
import { runOnWorkers } from './pool.js';
import { VERSION } from '../version.js';
import { availableParallelism } from 'node:os';
import { pushAll } from '../../core/arrays.js';

export interface ScanRequest extends UnitSettings {
  paths: string[];
  exclude: string[];
  version: string;
  /** Called after each unit with (done, total). */
  onProgress?: (done: number, total: number) => void;
  /** Run units on worker threads when the tree is large enough to pay for them. */
  workers?: number;
  /**
   * Read files ahead on another thread (when one thread scans): by default from the process's second scan
   * on, when the tree is large (see `scan`). Tests pass a read-ahead already started, to know its thread is ready.
   */
  readAhead?: boolean | ReadAhead;
}

/**
 * A request with the command line's defaults (every format, the strict profile, the `requires-mtls` tag,
 * 64 MiB per file, today's date), for callers other than the command line: tests, scripts, libraries.
 */
export function scanRequest(cwd: string, paths: string[], settings: Partial<ScanRequest> = {}): ScanRequest {
  return {
    cwd,
    paths,
    exclude: [],
    version: VERSION,
    profile: 'strict',
    internalTag: 'requires-mtls',
    parameterFiles: [],
    vars: {},
    varFiles: [],
    env: {},
    exceptions: [],
    today: new Date().toISOString().slice(0, 10),
    maxFileBytes: 64 * 1024 * 1024,
    ...settings,
  };
}

export async function scan(req: ScanRequest): Promise<Report> {
  const threads = req.workers !== undefined && req.workers > 0 ? req.workers : defaultThreads();
  const feed = readAheadFeed(req, threads);
  scansBefore++;
  try {
    const found = discover(req.cwd, req.paths, req.exclude, feed?.walked);
    feed?.ended(found.files);
    return await scanFound(req, threads, found, feed?.reader);
  } finally {
    feed?.close();
  }
}

/**
 * Reading ahead pays only once the process is warm. Measured on two cores over 3,000 templates: in the first
 * scan of a process (the command line's only one) the thread's start-up competes with the compiler for the
 * second core and the scan is some 5% slower, reading ahead or not; in later scans it is 10-15% faster. So a
 * process's first scan reads for itself; a later one starts the thread once its walk shows a tree of some
 * size, and the thread then waits for the next scan, which takes it from its first files.
 */
function readAheadFeed(req: ScanRequest, threads: number): ReadAheadFeed | undefined {
  const spawn = () => ReadAhead.spawn({ maxFileBytes: req.maxFileBytes });
  if (req.readAhead instanceof ReadAhead) {
    const given = req.readAhead;
    return new ReadAheadFeed(req.cwd, { from: 0, spawn: () => given });
  }
  if (threads !== 1 || req.readAhead === false) return undefined;
  if (req.readAhead === true) return new ReadAheadFeed(req.cwd, { from: 0, spawn });
  if (ReadAhead.waiting()) return new ReadAheadFeed(req.cwd, { from: READ_AHEAD_MIN_FILES_WAITING, spawn });
  return scansBefore > 0 ? new ReadAheadFeed(req.cwd, { from: READ_AHEAD_MIN_FILES, spawn }) : undefined;
}

async function scanFound(req: ScanRequest, threads: number, found: Discovery, readAhead: ReadAhead | undefined): Promise<Report> {
  const errors: ReportError[] = [];
  const warnings: ReportError[] = [];
  for (const m of found.missing) errors.push({ file: m, code: 'AZM3003', severity: 'error', message: `path not found: ${m}` });
  for (const u of found.unreadable) errors.push({ file: u.path, code: 'AZM1000', severity: 'error', message: u.message });

  const extraBicepParams: DiscoveredFile[] = [];
  const armParameterFiles: string[] = [];
  for (const p of req.parameterFiles) {
    const display = toDisplayPath(req.cwd, p);
    if (display.toLowerCase().endsWith('.bicepparam')) extraBicepParams.push({ path: display, kind: 'bicepparam', size: 0 });
    else armParameterFiles.push(display);
  }
  // Only plain data: settings are posted to worker threads.
  const settings: UnitSettings = {
    cwd: req.cwd,
    profile: req.profile,
    internalTag: req.internalTag,
    parameterFiles: armParameterFiles,
    vars: req.vars,
    varFiles: req.varFiles,
    env: { ...req.env },
    exceptions: req.exceptions,
    ...(req.baseline ? { baseline: req.baseline } : {}),
    today: req.today,
    maxFileBytes: req.maxFileBytes,
  };

  const needsBicep = found.files.some((f) => f.kind === 'bicep' || f.kind === 'bicepparam') || extraBicepParams.length > 0;
  const needsTerraform = found.files.some((f) => f.kind === 'tf');
  if (threads > 1) measureSizes(req.cwd, found.files);
  const bicep = needsBicep ? await bicepFrontend() : undefined;
  const tf = needsTerraform ? await terraformFrontend() : undefined;
  const texts = new TextCache();
  const readFresh = (display: string): string => readAhead?.take(display) ?? readTextBounded(absolutePath(req.cwd, display), req.maxFileBytes);
  const readText = (display: string): string => {
    let text = texts.get(display);
    if (text === undefined) texts.add(display, (text = readFresh(display)));
    return text;
  };

  const listings = found.listings;
  const shared: ScanShared = {
    listDir: (d) => {
      let names = listings.get(d);
      if (!names) listings.set(d, (names = readdirSync(absolutePath(req.cwd, d))));
      return names;
    },
    readText: (display) => texts.get(display) ?? readFresh(display),
  };
  const units = planUnits({
    files: found.files,
    extraBicepParams,
    bicepReferences: (file) => {
      if (!bicep) return [];
      try {
        return bicep.bicepReferences(file, readText(file));
      } catch {
        return []; // unreadable: reported when the unit itself is read
      }
    },
    terraformRoots: (dirs) => (tf ? tf.planTerraformUnits(dirs, { readFile: readText, listDir: shared.listDir }) : []),
  });

  const outcomes = await runUnits(units, settings, req, threads, shared);
  return assemble(req, outcomes, errors, warnings);
}

/** Scans this process has started: its first reads its own files (see `scan`). */
let scansBefore = 0;

/**
 * A tree this large starts the thread in a warm process. Measured on two cores: the thread's start-up costs the
 * next few scans some 50 ms in all (it competes with the compiler for the second core), and from about 500
 * files (610 Terraform files: 3 ms of 23 per scan) the reads it takes off the scanning thread repay that
 * within some twenty scans; a smaller tree would need many more.
 */
const READ_AHEAD_MIN_FILES = 500;
/**
 * With a thread already waiting: below this the messages cost more than the reads save. Measured per scan,
 * steady state: 40 templates or Terraform files took 0.5 ms longer, 160 templates 1.2 ms less, 160 Terraform
 * files (smaller) as long either way.
 */
const READ_AHEAD_MIN_FILES_WAITING = 100;

/**
 * Measured on two cores: one scanning thread already keeps both busy (V8 collects garbage and compiles on
 * helper threads), and a second isolate only adds its own warm-up, so workers start to pay from four cores.
 * A single scanning thread reads its files ahead on a second one instead, once the process is warm (see `scan`).
 */
export function defaultThreads(): number {
  const cores = availableParallelism();
  return cores >= 4 ? Math.min(cores - 1, 4) : 1;
}

/** Below this much input a worker's start-up costs more than it saves. */
const WORKER_THRESHOLD_UNITS = 64;
const WORKER_THRESHOLD_BYTES = 4 * 1024 * 1024;

async function runUnits(units: Unit[], settings: UnitSettings, req: ScanRequest, threads: number, shared: ScanShared): Promise<UnitOutcome[]> {
  const outcomes: UnitOutcome[] = [];
  let done = 0;
  const collect = (o: UnitOutcome) => {
    outcomes.push(o);
    done++;
    req.onProgress?.(done, units.length);
  };
  if (threads > 1 && units.length > 1 && (units.length >= WORKER_THRESHOLD_UNITS || units.reduce((n, u) => n + u.size, 0) >= WORKER_THRESHOLD_BYTES)) {
    await runOnWorkers(units, settings, threads, collect);
  } else {
    for (const unit of units) collect(await processUnit(unit, settings, shared));
  }
  return outcomes;
}

export function assemble(req: { profile: string; version: string }, outcomes: UnitOutcome[], errors: ReportError[], warnings: ReportError[]): Report {
  const results: Result[] = [];
  let resources = 0;
  let files = 0;
  for (const o of outcomes) {
    pushAll(results, o.results);
    pushAll(errors, o.errors);
    pushAll(warnings, o.warnings);
    resources += o.resources;
    files += o.files;
  }
  results.sort(compareResults);
  errors.sort(compareErrors);
  warnings.sort(compareErrors);
  const summary: Summary = { resources, pass: 0, fail: 0, unknown: 0, notApplicable: 0, suppressed: 0, errors: errors.length };
  for (const r of results) {
    if (r.suppression) summary.suppressed++;
    if (r.status === 'pass') summary.pass++;
    else if (r.status === 'fail') summary.fail++;
    else if (r.status === 'unknown') summary.unknown++;
    else summary.notApplicable++;
  }
  return {
    schemaVersion: 1,
    tool: { name: 'azmtls', version: req.version },
    profile: req.profile,
    summary,
    results,
    errors,
    ...(warnings.length > 0 ? { warnings } : {}),
    files,
  };
}

function compareResults(a: Result, b: Result): number {
  const fa = a.location?.file ?? '';
  const fb = b.location?.file ?? '';
  if (fa !== fb) return fa < fb ? -1 : 1;
  const la = a.location?.startLine ?? 0;
  const lb = b.location?.startLine ?? 0;
  if (la !== lb) return la - lb;
  const ca = a.location?.startColumn ?? 0;
  const cb = b.location?.startColumn ?? 0;
  if (ca !== cb) return ca - cb;
  if (a.ruleId !== b.ruleId) return a.ruleId < b.ruleId ? -1 : 1;
  if (a.resource.address !== b.resource.address) return a.resource.address < b.resource.address ? -1 : 1;
  // The same resource of a module judged through two roots (two test entry points calling it) differs only
  // in where it was deployed from; units finish in any order on worker threads, so the order must not
  // depend on it.
  return compareText(JSON.stringify(a), JSON.stringify(b));
}

function compareErrors(a: ReportError, b: ReportError): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return (a.startLine ?? 0) - (b.startLine ?? 0) || (a.startColumn ?? 0) - (b.startColumn ?? 0) || compareText(a.code, b.code) || compareText(a.message, b.message);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
