// What the Bluesky adapter needs from the charter, known without loading any SDK: its PDS (the
// environment's LM_POST_BLUESKY_SERVICE, else the charter's `service`, else https://bsky.social) and
// the handles the run's posts mention, resolved before anything is sent (preflight).
import path from 'node:path';
import type { Charter, CharterData, NetworkId } from '../charter/types.js';
import type { PostData } from '../post/types.js';
import { renderPost } from '../render/index.js';
import { baseUrlFor } from './hosts.js';

/** Handles mentioned by these posts as rendered for Bluesky (their `{@id}` and any `@handle`). */
export function blueskyMentions(posts: readonly { data?: PostData; path: string }[], charter: Charter): string[] {
  const out = new Set<string>();
  for (const p of posts) {
    if (!p.data) continue;
    for (const item of renderPost(p.data, charter, 'bluesky', path.dirname(p.path)).items) {
      for (const f of item.facets ?? []) if (f.kind === 'mention') out.add(f.handle);
    }
  }
  return [...out];
}

export function blueskyOptions(
  network: NetworkId,
  charter: CharterData,
  env: NodeJS.ProcessEnv,
  posts?: readonly { data?: PostData; path: string }[],
): { baseUrl?: string; handles?: string[] } {
  if (network !== 'bluesky') return {};
  const baseUrl = baseUrlFor('bluesky', env, charter);
  return { ...(baseUrl ? { baseUrl } : {}), ...(posts ? { handles: blueskyMentions(posts, charter as Charter) } : {}) };
}

/** Every Bluesky handle of the charter's address book (doctor resolves them all). */
export function blueskyHandles(charter: CharterData): string[] {
  const out = new Set<string>();
  for (const acc of Object.values(charter.accounts ?? {})) if (acc.bluesky) out.add(acc.bluesky.replace(/^@/, '').toLowerCase());
  return [...out];
}
