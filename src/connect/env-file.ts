// Writing credentials into a .env file: merged with what is there (other lines, comments and
// their order kept; a key already present is replaced in place), written whole to a temporary
// file with mode 600, then renamed over the old one — never a half-written .env, never readable
// by other users. Values are written so that Node's parseEnv (util.parseEnv, which lm-post reads
// .env with) gives them back unchanged.
import { chmodSync, closeSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { parseEnv } from 'node:util';

/** KEY=value, quoted when the value holds anything but plain token characters. */
function line(key: string, value: string): string {
  if (/^[\w.:/@+=~,%-]*$/.test(value)) return `${key}=${value}`;
  if (!/['\n\r]/.test(value)) return `${key}='${value}'`;
  throw new Error(`${key}: a value with both an apostrophe and a line break cannot be written to .env`);
}

/** The variables a .env file sets (empty when it does not exist). */
export function readEnvFile(file: string): Record<string, string> {
  try {
    return parseEnv(readFileSync(file, 'utf8')) as Record<string, string>;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw e;
  }
}

/** Set these variables in `file` (created if absent), keeping every other line. */
export function mergeEnvFile(file: string, values: Record<string, string>): void {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const pending = new Map(Object.entries(values));
  const lines = text.length ? text.replace(/\r?\n$/, '').split(/\r?\n/) : [];
  const out: string[] = [];
  for (const l of lines) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(l);
    const key = m?.[1];
    if (key && values[key] !== undefined) {
      // The first occurrence takes the new value; later duplicates would override it: dropped.
      if (pending.has(key)) {
        out.push(line(key, pending.get(key)!));
        pending.delete(key);
      }
      continue;
    }
    out.push(l);
  }
  for (const [k, v] of pending) out.push(line(k, v));
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, out.join('\n') + '\n');
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  // openSync's mode is filtered by the umask: set it exactly.
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}
