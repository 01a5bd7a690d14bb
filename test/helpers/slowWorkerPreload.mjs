// Preloaded into a real bin/ticketty by a test (`node --import` this file): the TUI's count worker
// (dist/count-worker.cjs) becomes slowCountWorker.mjs, the same worker held for the seconds that
// `<db>.slow.json` asks. Only tests load this; the product has no switch that slows it.
import workerThreads from 'node:worker_threads';

const slow = new URL('./slowCountWorker.mjs', import.meta.url);
const RealWorker = workerThreads.Worker;
workerThreads.Worker = class extends RealWorker {
  constructor(script, options) {
    super(typeof script === 'string' && script.endsWith('count-worker.cjs') ? slow : script, options);
  }
};
