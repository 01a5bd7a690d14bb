// Every property test (fast-check) runs from one seed (printed once by test/globalSetup.ts), so a
// failure replays with TICKETTY_SEED=N npm test. fast-check also prints a failure's seed and path.
import fc from 'fast-check';
import { appendFileSync, readFileSync } from 'node:fs';
import { afterAll } from 'vitest';

fc.configureGlobal({ seed: Number(process.env.TICKETTY_SEED ?? 20261206) });

// With TICKETTY_TEST_CPU_LOG set (.ci/run sets it), each test file appends a line of its CPU
// seconds: its worker's own, and those of the processes it waited for (the CLI, tmux, initdb…).
// The suite is CPU-bound on 2 cores, so this, not wall time, says where its time goes.
const cpuLog = process.env.TICKETTY_TEST_CPU_LOG;
if (cpuLog)
  afterAll(({}, suite) => {
    try {
      // /proc/self/stat: utime stime cutime cstime are its fields 14–17 (11–14 after the command's ")"), in ticks of 1/100 s.
      const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ').map(Number);
      const [ownTicks, childTicks] = [fields[11]! + fields[12]!, fields[13]! + fields[14]!];
      // A worker that is not isolated runs several files: each is charged from where the last ended.
      const last = ((globalThis as { ticketty_cpu_ticks?: [number, number] }).ticketty_cpu_ticks ??= [0, 0]);
      const line = {
        file: suite.file.name,
        store: process.env.TICKETTY_TEST_STORE ?? 'sqlite',
        own: (ownTicks - last[0]) / 100,
        children: (childTicks - last[1]) / 100,
      };
      last.splice(0, 2, ownTicks, childTicks);
      appendFileSync(cpuLog, `${JSON.stringify(line)}\n`);
    } catch {
      // Not Linux: no figure.
    }
  });
