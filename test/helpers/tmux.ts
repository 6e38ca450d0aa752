// A real pseudo-terminal for interactive flows: Debian's tmux, one server per test (`-L`, its
// own socket), keys sent with send-keys and the screen read with capture-pane. Waits poll the
// screen for expected text with a deadline, so a loaded machine only makes tests slower.
import { execFileSync, spawnSync } from 'node:child_process';
import { BIN, cleanEnv } from './cli.js';

let counter = 0;

export const hasTmux = spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;

export interface Tmux {
  /** The whole screen and scroll-back, as plain text. */
  screen(): string;
  /** Type text literally (no key names), then optionally Enter. */
  type(text: string, enter?: boolean): void;
  /** Press named keys (Enter, Down, BSpace…). */
  keys(...names: string[]): void;
  /** Wait until the screen matches; throws with the screen on timeout. */
  waitFor(expected: string | RegExp, ms?: number): Promise<string>;
  /** Wait until `text` shows at least `n` times. */
  waitForCount(text: string, n: number, ms?: number): Promise<string>;
  /** Wait for the command to end; returns its exit code. */
  exitCode(ms?: number): Promise<number>;
  kill(): void;
}

/** Run `lm-post ARGS…` in a fresh tmux server, in `cwd`, with a clean environment plus `env`. */
export function tmuxLmPost(cwd: string, args: readonly string[], env: Record<string, string | undefined> = {}): Tmux {
  const socket = `lm-post-test-${process.pid}-${++counter}-${Date.now()}`;
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const full = cleanEnv({ LANG: 'C.UTF-8', TERM: 'xterm-256color', ...env });
  const command = `${[process.execPath, BIN, ...args].map(quote).join(' ')}; echo "[[exit $?]]"; sleep 120`;
  const tmux = (...a: string[]) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...a], { cwd, env: full, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  tmux('new-session', '-d', '-s', 'main', '-x', '160', '-y', '50', '-c', cwd, command);
  const screen = () => {
    try {
      return tmux('capture-pane', '-p', '-J', '-S', '-2000', '-t', 'main');
    } catch {
      return '';
    }
  };
  const waitFor = async (expected: string | RegExp, ms = 20_000) => {
    const until = Date.now() + ms;
    for (;;) {
      const s = screen();
      if (typeof expected === 'string' ? s.includes(expected) : expected.test(s)) return s;
      if (Date.now() > until) throw new Error(`screen never showed ${String(expected)}; screen:\n${s}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const waitForCount = async (text: string, n: number, ms = 20_000) => {
    const until = Date.now() + ms;
    for (;;) {
      const s = screen();
      if (s.split(text).length - 1 >= n) return s;
      if (Date.now() > until) throw new Error(`screen never showed ${n}× ${text}; screen:\n${s}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return {
    screen,
    waitForCount,
    type(text, enter = true) {
      tmux('send-keys', '-t', 'main', '-l', text);
      if (enter) tmux('send-keys', '-t', 'main', 'Enter');
    },
    keys(...names) {
      for (const k of names) tmux('send-keys', '-t', 'main', k);
    },
    waitFor,
    async exitCode(ms = 25_000) {
      const s = await waitFor(/\[\[exit \d+\]\]/, ms);
      return Number(/\[\[exit (\d+)\]\]/.exec(s)![1]);
    },
    kill() {
      try {
        tmux('kill-server');
      } catch {
        /* already gone */
      }
    },
  };
}
