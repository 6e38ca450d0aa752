// What the Bluesky adapter needs from the charter, known without loading any SDK: its PDS (the
// environment's LM_POST_BLUESKY_SERVICE, else the charter's `service`, else https://bsky.social) and
// the address book's handles, resolved before anything is sent.
import type { CharterData, NetworkId } from '../charter/types.js';
import { baseUrlFor } from './hosts.js';

export function blueskyHandles(charter: CharterData): string[] {
  const out = new Set<string>();
  for (const acc of Object.values(charter.accounts ?? {})) if (acc.bluesky) out.add(acc.bluesky.replace(/^@/, '').toLowerCase());
  return [...out];
}

export function blueskyOptions(network: NetworkId, charter: CharterData, env: NodeJS.ProcessEnv): { baseUrl?: string; handles?: string[] } {
  if (network !== 'bluesky') return {};
  const baseUrl = baseUrlFor('bluesky', env, charter);
  return { ...(baseUrl ? { baseUrl } : {}), handles: blueskyHandles(charter) };
}
