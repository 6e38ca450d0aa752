import type { Lang } from '../i18n/index.js';

/** Everything a command may touch of the outside world; tests pass their own. */
export interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  out(s: string): void;
  err(s: string): void;
  /** stdout is a terminal (progress, colours). */
  isTTY: boolean;
}

export interface GlobalOptions {
  charter?: string;
  queue?: string;
  lang?: string;
}

export function colorEnabled(io: Io): boolean {
  return io.isTTY && !('NO_COLOR' in io.env) && io.env.TERM !== 'dumb';
}

export function processIo(): Io {
  return {
    cwd: process.cwd(),
    env: process.env,
    out: (s) => void process.stdout.write(s),
    err: (s) => void process.stderr.write(s),
    isTTY: Boolean(process.stdout.isTTY),
  };
}

export type { Lang };
