// The sandbox's account names come from the charter's organisation: another collective's demo
// shows its own name, never another collective's. The numeric ids stay fixed (tests and state rely on them).

export interface SandboxAccounts {
  twitter: { username: string; name: string };
  mastodon: { username: string; display_name: string };
  facebook: { name: string };
  bluesky: { handle: string };
}

/** Without a charter (a bare `startSandbox()`): a neutral collective. */
export const DEFAULT_ORGANISATION = 'Collectif';

/** Lower-case ASCII letters and digits of a name ("La Fabrique du Coin" → "lafabriqueducoin"). */
export function handleOf(organisation: string, max: number): string {
  const slug = organisation
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, max);
  return slug || 'collectif';
}

export function sandboxAccounts(organisation: string = DEFAULT_ORGANISATION): SandboxAccounts {
  // Control characters never reach a JSON display name (a charter could hold anything).
  const org = organisation.replace(/[\u0000-\u001f\u007f]/g, ' ').trim() || DEFAULT_ORGANISATION;
  const name = `${org} (sandbox)`;
  return {
    // X usernames: at most 15 characters, letters, digits and underscores.
    twitter: { username: handleOf(org, 15), name },
    // Mastodon usernames: at most 30.
    mastodon: { username: handleOf(org, 30), display_name: name },
    facebook: { name },
    // Bluesky: a bsky.social handle whose first segment stays short (segments may hold up to 63 characters).
    bluesky: { handle: `${handleOf(org, 20)}.bsky.social` },
  };
}
