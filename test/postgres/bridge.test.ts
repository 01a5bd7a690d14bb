// The bridge between the synchronous store and its worker thread (src/store/postgres/bridge.ts),
// against a stand-in worker (test/helpers/dyingPgWorker.cjs): what a call does when the worker
// ended since the last answer, and what it does with the late answer of a call that timed out. No
// server is needed.
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

  it('drops the answer of a call that timed out, so later answers stay paired with their requests', () => {
    const bridge = openBridge('postgres://unused', { workerScript: WORKER, callTimeoutMs: 1000 });
    try {
      expect(() => bridge.call({ op: 'query', text: 'answer late', params: [1500] })).toThrow(
        'no answer from the PostgreSQL worker within 1000 ms',
      );
      // The late answer ("late 1") arrives while this call waits: it is not taken for this one's.
      expect(bridge.call({ op: 'query', text: 'count', params: [] })).toBe(2);
      expect(bridge.call({ op: 'query', text: 'count', params: [] })).toBe(3);
      expect(() => bridge.call({ op: 'query', text: 'answer late', params: [1200] })).toThrow('within 1000 ms');
      sleep(1000); // the late answer is already on the port at the next call
      expect(bridge.call({ op: 'query', text: 'count', params: [] })).toBe(5);
      expect(bridge.call({ op: 'ping' })).toBeNull();
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
