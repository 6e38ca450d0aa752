// Tasks on one key (a file path) run one after another, in the order they were asked for, while
// tasks on other keys run alongside. Publishing lanes write the same post's journal and receipts:
// each read-modify-write of a file runs whole before the next one starts, as it did when the writes
// were synchronous, but the fsync of one lane no longer stalls every other lane.
const tails = new Map<string, Promise<void>>();

export function serialized<T>(key: string, task: () => Promise<T>): Promise<T> {
  const run = (tails.get(key) ?? Promise.resolve()).then(task);
  const tail = run.then(
    () => undefined,
    () => undefined,
  );
  tails.set(key, tail);
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
  return run;
}

/** Resolves once every task asked for on `key` so far has ended. */
export function settled(key: string): Promise<void> {
  return tails.get(key) ?? Promise.resolve();
}
