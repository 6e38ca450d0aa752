// lm-post resolve: a person settles what the publisher could not decide (SPEC §7): after
// looking at the account, they say whether the post × network was created, and where.
import path from 'node:path';
import { loadContext, networkArg, stateDirFor } from '../cli/context.js';
import type { GlobalOptions, Io } from '../cli/io.js';
import type { NetworkId } from '../charter/types.js';
import { ExitCode, LmPostError } from '../errors.js';
import { resolvePostPaths } from '../post/read.js';
import { postIdOf } from '../post/read.js';
import { Journal } from '../publish/journal.js';
import { acquirePublishLock } from '../publish/lock.js';

export interface ResolveOptions extends GlobalOptions {
  /** Absent: list what needs a human (SPEC §11). */
  post?: string | undefined;
  network?: string;
  created?: string;
  notCreated?: boolean;
  sandbox?: boolean;
  json?: boolean;
}

/** The network's id of a post from the address a person copied (query strings ignored). */
export function postIdFromUrl(network: NetworkId, url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  const p = u.pathname;
  switch (network) {
    case 'twitter':
      return /\/status(?:es)?\/(\d{1,25})(?:\/|$)/.exec(p)?.[1];
    case 'mastodon':
      // https://instance/@user/123 or https://instance/users/user/statuses/123
      return /\/(?:@[^/]+|users\/[^/]+\/statuses)\/(\d{1,25})\/?$/.exec(p)?.[1];
    case 'facebook':
      // https://www.facebook.com/{page}/posts/{id}, ?story_fbid=…&id=…, or a bare {page}_{post} id path
      return (
        /\/posts\/([A-Za-z0-9_]+)\/?$/.exec(p)?.[1] ??
        (u.searchParams.get('story_fbid') && u.searchParams.get('id') ? `${u.searchParams.get('id')}_${u.searchParams.get('story_fbid')}` : undefined) ??
        /^\/(\d+_\d+)\/?$/.exec(p)?.[1]
      );
  }
}

export async function resolve(io: Io, opts: ResolveOptions): Promise<number> {
  if (!opts.post) return listNeedsHuman(io, opts);
  const ctx = loadContext(io, opts);
  const fr = ctx.lang === 'fr';
  if (!opts.network) {
    throw new LmPostError('resolve-network', { fr: 'Indiquez le réseau : --network twitter|mastodon|facebook.', en: 'Name the network: --network twitter|mastodon|facebook.' }, {}, ExitCode.usage);
  }
  const network = networkArg(opts.network);
  if (!!opts.created === !!opts.notCreated) {
    throw new LmPostError(
      'resolve-how',
      { fr: 'Indiquez soit --created URL (la publication existe), soit --not-created.', en: 'Pass either --created URL (the post exists) or --not-created.' },
      {},
      ExitCode.usage,
    );
  }
  const [file] = resolvePostPaths([opts.post], ctx.queueDir, io.cwd);
  const stateDir = stateDirFor(ctx.queueDir, opts.sandbox ?? false);
  // Settle under the publish lock: a running publish may be writing this journal.
  const release = await acquirePublishLock(stateDir);
  try {
    return settle(io, fr, new Journal(path.join(stateDir, 'journal'), postIdOf(file!)), postIdOf(file!), network, opts);
  } finally {
    await release();
  }
}

function settle(io: Io, fr: boolean, journal: Journal, post: string, network: NetworkId, opts: ResolveOptions): number {
  const stuck = [...journal.state(network).entries()].filter(([, s]) => s.needsHuman || s.pending);
  if (!stuck.length) {
    if (opts.json) io.out(JSON.stringify({ post, network, resolved: null }, null, 2) + '\n');
    else io.out(fr ? 'Rien à résoudre pour ce billet sur ce réseau.\n' : 'Nothing to resolve for this post on this network.\n');
    return ExitCode.ok;
  }
  const at = new Date().toISOString();
  const [item] = stuck[0]!;
  if (opts.created) {
    const id = postIdFromUrl(network, opts.created);
    if (!id) {
      throw new LmPostError(
        'resolve-url',
        {
          fr: 'Adresse non reconnue pour {{network}} : « {{url}} ». Copiez l’adresse de la publication elle-même (ex. https://x.com/compte/status/123…).',
          en: 'Unrecognised {{network}} address: "{{url}}". Copy the address of the post itself (e.g. https://x.com/account/status/123…).',
        },
        { network, url: opts.created },
        ExitCode.usage,
      );
    }
    journal.append({ t: 'created', network, item, id, url: opts.created, at, how: 'resolved' });
    if (opts.json) io.out(JSON.stringify({ post, network, item, resolved: 'created', id, url: opts.created, at, next: 'lm-post publish' }, null, 2) + '\n');
  } else {
    journal.append({ t: 'not-created', network, item, at, how: 'resolved' });
    if (opts.json) io.out(JSON.stringify({ post, network, item, resolved: 'not-created', at, next: 'lm-post publish' }, null, 2) + '\n');
  }
  if (!opts.json) io.out(fr ? `Noté. Relancez lm-post publish pour continuer.\n` : `Recorded. Run lm-post publish again to continue.\n`);
  return ExitCode.ok;
}

/** `lm-post resolve` alone: every post × network waiting for a person, what was seen, what to run. */
async function listNeedsHuman(io: Io, opts: ResolveOptions): Promise<number> {
  const { queueRows } = await import('./list.js');
  const { rows, ctx } = await queueRows(io, opts);
  const fr = ctx.lang === 'fr';
  const stuck = rows.flatMap((r) => (r.needsHuman ?? []).map((n) => ({ id: r.id, ...n })));
  if (opts.json) {
    // The same needs-a-human entries as list --json, with each of the two commands spelled out.
    const entries = stuck.map((s) => ({
      post: s.id,
      network: s.network,
      item: s.item,
      seen: s.seen,
      command: s.command,
      if_created: s.command.replace('--created URL|--not-created', '--created URL'),
      if_not_created: s.command.replace('--created URL|--not-created', '--not-created'),
    }));
    io.out(JSON.stringify(entries, null, 2) + '\n');
    return ExitCode.ok;
  }
  if (!stuck.length) {
    io.out(fr ? 'Rien à résoudre : aucune publication n’attend de vérification.\n' : 'Nothing to resolve: no publication is waiting for a check.\n');
    return ExitCode.ok;
  }
  io.out(fr ? `${stuck.length} publication(s) à vérifier sur le compte, puis à régler :\n` : `${stuck.length} publication(s) to check on the account, then settle:\n`);
  for (const s of stuck) {
    io.out(`\n  ${s.id} → ${s.network} (${fr ? 'élément' : 'item'} ${s.item + 1})\n    ${fr ? 'vu' : 'seen'} : ${s.seen}\n    ${fr ? 'si la publication existe' : 'if the post exists'} : ${s.command.replace('--created URL|--not-created', '--created URL')}\n    ${fr ? 'sinon' : 'otherwise'} : ${s.command.replace('--created URL|--not-created', '--not-created')}\n`);
  }
  return ExitCode.ok;
}
