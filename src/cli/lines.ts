// Lines typed by a person, from stdin (piped or a terminal) or from a prompt: the process boundary
// of the interactive commands (`lm-post live`).
import { createInterface } from 'node:readline';
import type { Retry } from '../workflow/live-session.js';

export async function* stdinLines(): AsyncGenerator<string> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
  try {
    for await (const l of rl) yield l;
  } finally {
    rl.close();
  }
}

/**
 * One prompt per line; `items()` counts those already in the thread, `count` shows the length as
 * typed. After a refusal the line comes back, pre-filled and editable (never lost in the middle of
 * an event, SPEC §17): the session puts it in `retry`.
 */
export async function* promptLines(items: () => number, count: (s: string) => string, t: (f: string, e: string) => string, retry: Retry = { text: '' }): AsyncGenerator<string> {
  const { input } = await import('@inquirer/prompts');
  for (;;) {
    const again = retry.text;
    retry.text = '';
    try {
      yield await input({
        message: t(`Élément ${items() + 2}`, `Item ${items() + 2}`),
        ...(again ? { default: again, prefill: 'editable' as const } : {}),
        transformer: (v, { isFinal }) => (isFinal || !v || v.startsWith('+image') ? v : `${v}   [${count(v)}]`),
      });
    } catch (e) {
      if (e instanceof Error && (e.name === 'ExitPromptError' || e.name === 'AbortPromptError')) return;
      throw e;
    }
  }
}
