// Opens a generated page in the user's browser when there is one: $BROWSER, else the system's
// opener (xdg-open, open, explorer). No shell is involved (the file is one argument), the child
// is detached, and nothing here can fail the command: it says so when no browser can be reached.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export type OpenOutcome = { opened: true; with: string } | { opened: false; reason: 'no-display' | 'no-opener' };

function onPath(cmd: string, env: NodeJS.ProcessEnv): boolean {
  if (path.isAbsolute(cmd)) return existsSync(cmd);
  return (env.PATH ?? '').split(path.delimiter).some((d) => d && existsSync(path.join(d, cmd)));
}

/** The command that opens `file`, or why there is none (a server or a CI job without a display). */
export function opener(file: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): { cmd: string; args: string[] } | OpenOutcome {
  const browser = env.BROWSER?.split(path.delimiter)[0]?.trim();
  if (browser && !/\s/.test(browser) && onPath(browser, env)) return { cmd: browser, args: [file] };
  if (platform === 'darwin') return { cmd: 'open', args: [file] };
  if (platform === 'win32') return { cmd: 'explorer.exe', args: [file] };
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return { opened: false, reason: 'no-display' };
  if (onPath('xdg-open', env)) return { cmd: 'xdg-open', args: [file] };
  return { opened: false, reason: 'no-opener' };
}

export function openInBrowser(file: string, env: NodeJS.ProcessEnv): OpenOutcome {
  const how = opener(file, env);
  if ('opened' in how) return how;
  try {
    const child = spawn(how.cmd, how.args, { detached: true, stdio: 'ignore', shell: false, env });
    child.on('error', () => {});
    child.unref();
    return { opened: true, with: how.cmd };
  } catch {
    return { opened: false, reason: 'no-opener' };
  }
}
