// Where lm-post keeps its state for a queue: the run's knowledge, read by every layer above it.
import path from 'node:path';

/**
 * lm-post's state (journal, lock, sandbox) lives beside the queue folder, not in the working
 * directory: two runs on the same queue started from different folders share one lock.
 */
export function stateDirFor(queueDir: string, sandbox = false): string {
  return path.join(path.dirname(queueDir), '.lm-post', ...(sandbox ? ['sandbox'] : []));
}

/** Where `live --sandbox` keeps its practice copy of the queue. */
export function practiceQueue(queueDir: string): string {
  return path.join(stateDirFor(queueDir, true), 'live', 'queue');
}
