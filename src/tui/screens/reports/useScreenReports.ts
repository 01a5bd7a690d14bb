// The reports screen's reports, computed off the render thread (the count worker,
// app/tickets/queueCounter.ts), so keys are answered meanwhile. Leaving the screen or changing the
// window cancels the report made moot. A data change while a report runs does not restart it: on
// a million tickets, with a colleague writing every second or two, a report restarted at each write
// would never be shown. The running one is shown when it answers, and one more follows for the new
// data; meanwhile the last report stays on screen, marked working. Each window keeps its last
// report, so `w` back to a window shows it at once (marked working while one for newer data runs).
import { useEffect, useRef, useState } from 'react';
import type { ScreenReports } from '../../../app/sla/screenReports.js';
import { useShell } from '../../shell/ShellContext.js';

type Since = string | undefined;
export type LoadedReports = { since: Since; generation: number; result: ScreenReports | { error: string } };

export function useScreenReports(since: Since): { shown: LoadedReports | null; working: boolean } {
  const shell = useShell();
  const { counter, actor, generation } = shell;
  const [loaded, setLoaded] = useState<ReadonlyMap<Since, LoadedReports>>(new Map());
  const loadedNow = useRef(loaded);
  loadedNow.current = loaded;
  const running = useRef<{ since: Since; generation: number; controller: AbortController } | null>(null);
  /** What the screen shows now: a report answering for older data is followed by one for these. */
  const wanted = useRef({ since, generation });
  wanted.current = { since, generation };
  const start = (forSince: Since, forGeneration: number) => {
    const job = { since: forSince, generation: forGeneration, controller: new AbortController() };
    running.current = job;
    const done = (result: LoadedReports['result']) => {
      if (running.current !== job) return; // moot: cancelled, or another window asked for
      running.current = null;
      setLoaded((before) => new Map(before).set(forSince, { since: forSince, generation: forGeneration, result }));
      const now = wanted.current;
      if (now.since === forSince && now.generation !== forGeneration) start(forSince, now.generation);
    };
    counter.reports(actor, forSince, job.controller.signal).then(done, (error: unknown) => {
      if (!job.controller.signal.aborted) done({ error: error instanceof Error ? error.message : String(error) });
    });
  };
  useEffect(() => {
    const job = running.current;
    if (job && job.since === since) return; // answers, then one more if the data changed meanwhile
    job?.controller.abort();
    running.current = null;
    if (loadedNow.current.get(since)?.generation !== generation) start(since, generation);
    // `start` reads the counter and actor of this screen, which never change under it.
  }, [since, generation]);
  useEffect(
    () => () => {
      running.current?.controller.abort();
      running.current = null;
    },
    [],
  );
  const shown = loaded.get(since) ?? null;
  return { shown, working: !shown || shown.generation !== generation };
}
