/**
 * Starts one of the scan's worker modules (`worker`, `read-ahead-worker`) from this directory. Built, a
 * worker is plain JavaScript. From the TypeScript sources (tests, scripts run through tsx) it is started
 * from a small bootstrap that registers tsx in the worker first: `--import` in a worker's execArgv does not
 * apply to its entry module on Node 20.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function spawnWorker(name: 'worker' | 'read-ahead-worker', options: WorkerOptions = {}): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, import.meta.url), options);
  const api = import.meta.resolve('tsx/esm/api');
  const entry = new URL(`./${name}.ts`, import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
