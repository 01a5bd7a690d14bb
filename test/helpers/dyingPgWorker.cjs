// A stand-in for the PostgreSQL store's worker (src/store/postgres/worker.ts) for
// test/postgres/bridge.test.ts: it speaks the bridge's protocol (protocol.ts) without a server, and
// on `query 'fail after answering'` answers, then fails outside any request, as a bug in the real
// worker would: its uncaught error is handled as worker.ts handles one (posted, DEAD, thread ends).
// `query 'answer late'` answers after `params[0]` ms, as a stalled server would (the bridge's timeout).
'use strict';
const { workerData } = require('node:worker_threads');
const { port, signal } = workerData;
const ANSWERED = 1;
const DEAD = 2;
const answer = (response) => {
  port.postMessage(response);
  Atomics.store(signal, 0, ANSWERED);
  Atomics.notify(signal, 0);
};
let handled = 0;
port.on('message', (request) => {
  handled++;
  if (request.op === 'query' && request.text === 'fail after answering') {
    answer({ ok: true, value: 'answered' });
    setTimeout(() => {
      throw new Error('the worker failed between calls');
    }, 20);
  } else if (request.op === 'query' && request.text === 'answer late') {
    const late = handled;
    // Blocks the thread, as a worker waiting on the server holds every request after it.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, request.params[0]);
    answer({ ok: true, value: `late ${late}` });
  } else if (request.op === 'query' && request.text === 'count') answer({ ok: true, value: handled });
  else answer({ ok: true, value: null });
});
process.on('uncaughtException', (error) => {
  port.postMessage({ ok: false, error: { name: 'Error', message: error.message } });
  Atomics.store(signal, 0, DEAD);
  Atomics.notify(signal, 0);
  process.exit(1);
});
