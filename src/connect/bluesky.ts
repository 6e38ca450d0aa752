// lm-post connect bluesky: creates nothing; checks the handle and the app password (createSession).
import { ExitCode } from '../errors.js';
import { ask, BLUESKY_SERVICE, done, errorText, fail, http, normaliseUrl, write, type ConnectValues, type Session } from './session.js';

export async function bluesky(s: Session, o: ConnectValues): Promise<number> {
  const { t, io } = s;
  // The sandbox always runs a Bluesky PDS emulator (src/sandbox/bluesky.ts).
  const sandboxPds = s.sandbox?.urls.bluesky;
  io.out(
    t(
      'Bluesky : lm-post publie avec un mot de passe d’application, jamais le mot de passe du compte.\nCréez-en un dans Bluesky : Paramètres > Confidentialité et sécurité > Mots de passe d’application > Ajouter (nom : lm-post).\n',
      'Bluesky: lm-post posts with an app password, never the account’s password.\nCreate one in Bluesky: Settings > Privacy and security > App passwords > Add (name: lm-post).\n',
    ),
  );
  const service = normaliseUrl(o.service ?? sandboxPds ?? BLUESKY_SERVICE, Boolean(s.sandbox));
  if (!service) throw fail('connect-bad-service', '--service : une adresse https:// complète ({{given}}).', '--service: a full https:// address ({{given}}).', { given: o.service });
  const handle = await ask(s, {
    flag: o.handle,
    flagName: '--handle',
    message: t('1. Identifiant du compte (ex. collectif.bsky.social)', '1. The account’s handle (e.g. collective.bsky.social)'),
    check: async (v) => {
      const h = v.replace(/^@/, '').toLowerCase();
      return /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]*$/.test(h) ? { handle: h } : t('un identifiant comme collectif.bsky.social (sans espace)', 'a handle like collective.bsky.social (no spaces)');
    },
  });
  const session = await ask(s, {
    flag: o.appPassword,
    flagName: '--app-password',
    message: t('2. Mot de passe d’application (xxxx-xxxx-xxxx-xxxx)', '2. App password (xxxx-xxxx-xxxx-xxxx)'),
    secret: true,
    check: async (v) => {
      if (!/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/.test(v)) {
        return t('ce n’est pas un mot de passe d’application (quatre groupes de quatre caractères séparés par des tirets) : n’utilisez pas le mot de passe du compte', 'this is not an app password (four groups of four characters joined by hyphens): do not use the account’s password');
      }
      // com.atproto.server.createSession: the one call that checks a password; nothing is created.
      const r = await http(s, new URL('/xrpc/com.atproto.server.createSession', service).href, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ identifier: handle.handle, password: v }) });
      if (r.status !== 200 || typeof r.body.did !== 'string') return t(`refusé par ${service.host} : ${errorText(r.body)}`, `refused by ${service.host}: ${errorText(r.body)}`);
      return { password: v, handle: typeof r.body.handle === 'string' ? r.body.handle : handle.handle, did: r.body.did };
    },
  });
  // The names the adapter reads (SPEC §8): LM_POST_BLUESKY_SERVICE, _IDENTIFIER, _APP_PASSWORD.
  const values: Record<string, string> = { LM_POST_BLUESKY_IDENTIFIER: session.handle, LM_POST_BLUESKY_APP_PASSWORD: session.password };
  if (service.origin !== BLUESKY_SERVICE) values.LM_POST_BLUESKY_SERVICE = service.origin;
  write(s, values);
  done(s, 'Bluesky', `@${session.handle} (${session.did})`, Object.keys(values));
  return ExitCode.ok;
}

