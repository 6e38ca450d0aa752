// Who is acting: --as, else LM_POST_USER, else the git identity matched against the charter.
import { execFileSync } from 'node:child_process';
import type { Charter, Person } from '../charter/types.js';
import { ExitCode, LmPostError } from '../errors.js';

function git(cwd: string, key: string): string | undefined {
  try {
    return execFileSync('git', ['config', '--get', key], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export function resolveIdentity(charter: Charter, as: string | undefined, env: NodeJS.ProcessEnv, cwd: string): Person {
  const id = as ?? env.LM_POST_USER;
  if (id) {
    const p = charter.people.find((x) => x.id === id);
    if (!p) {
      throw new LmPostError(
        'unknown-identity',
        {
          fr: 'Personne inconnue « {{id}} » : elle n’est pas dans people de la charte. Personnes : {{people}}.',
          en: 'Unknown person "{{id}}": not in the charter\'s people. People: {{people}}.',
        },
        { id, people: charter.people.map((x) => x.id).join(', ') },
        ExitCode.usage,
      );
    }
    return p;
  }
  const email = git(cwd, 'user.email')?.toLowerCase();
  const name = git(cwd, 'user.name')?.toLowerCase();
  const p = charter.people.find((x) => (email && x.email?.toLowerCase() === email) || (name && (x.name.toLowerCase() === name || x.id === name)));
  if (!p) {
    throw new LmPostError(
      'no-identity',
      {
        fr: 'Qui êtes-vous ? Indiquez --as IDENTIFIANT (ou LM_POST_USER) avec un identifiant de people de la charte.',
        en: 'Who are you? Pass --as ID (or LM_POST_USER) with an id from the charter\'s people.',
      },
      {},
      ExitCode.usage,
    );
  }
  return p;
}

/** What was tried to find who is acting, in order (for a message that says how to fix it). */
export function identityTrail(as: string | undefined, env: NodeJS.ProcessEnv, cwd: string): { source: '--as' | 'LM_POST_USER' | 'git user.email' | 'git user.name'; value?: string }[] {
  return [
    { source: '--as', ...(as ? { value: as } : {}) },
    { source: 'LM_POST_USER', ...(env.LM_POST_USER ? { value: env.LM_POST_USER } : {}) },
    { source: 'git user.email', ...(git(cwd, 'user.email') ? { value: git(cwd, 'user.email')! } : {}) },
    { source: 'git user.name', ...(git(cwd, 'user.name') ? { value: git(cwd, 'user.name')! } : {}) },
  ];
}
