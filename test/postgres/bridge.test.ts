// The bridge between the synchronous store and its worker thread (src/store/postgres/bridge.ts),
// against a stand-in worker (test/helpers/dyingPgWorker.cjs): what a call does when the worker
// ended since the last answer. No server is needed.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openBridge } from '../../src/store/postgres/bridge.js';

const WORKER = fileURLToPath(new URL('../helpers/dyingPgWorker.cjs', import.meta.url));
const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

describe('the PostgreSQL bridge', () => {
  it('pairs each answer with its request', () => {
    const bridge = openBridge('postgres://unused', { workerScript: WORKER, callTimeoutMs: 20_000 });
    try {
      expect(bridge.call({ op: 'query', text: 'count', params: [] })).toBe(1);
      expect(bridge.call({ op: 'ping' })).toBeNull();
      expect(bridge.call({ op: 'query', text: 'count', params: [] })).toBe(3);
    } finally {
      bridge.close();
    }
  });

  it('says at the next call, in its own words, that the worker ended after its last answer (not after the timeout), then stays closed', () => {
    const bridge = openBridge('postgres://unused', { workerScript: WORKER, callTimeoutMs: 20_000 });
    try {
      expect(bridge.call({ op: 'query', text: 'fail after answering', params: [] })).toBe('answered');
      sleep(300); // the worker fails meanwhile
      const started = Date.now();
      expect(() => bridge.call({ op: 'query', text: 'count', params: [] })).toThrow('the worker failed between calls');
      // Without the check it waited for the dead worker until the timeout (20 s), then said that.
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(() => bridge.call({ op: 'ping' })).toThrow('the PostgreSQL store is closed');
    } finally {
      bridge.close();
    }
  });
});
