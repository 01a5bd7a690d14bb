// A preview is the write, not committed (STYLE.md): each store's `preview` runs the use case in a
// write transaction of its own kind and rolls it back, through this one helper.

class PreviewRollback extends Error {}

/** Runs `fn` inside `write` and rolls the transaction back; returns what `fn` returned, or throws what it threw. */
export function rolledBack<T>(write: <R>(fn: () => R) => R, fn: () => T): T {
  let done: { value: T } | undefined;
  try {
    write(() => {
      done = { value: fn() };
      throw new PreviewRollback();
    });
  } catch (error) {
    if (!(error instanceof PreviewRollback)) throw error;
  }
  return done!.value;
}
