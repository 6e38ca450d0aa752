// Bluesky's preflight (the session, then the address book's handles) runs before anything is sent on
// any network (SPEC §15, issue 16 "Bad input"): what it finds stops the whole run with a message that
// names Bluesky and says what to do. Never the password: messages come from NetworkErrors, already
// redacted, and name variables, not values.
import { ExitCode, LmPostError } from '../errors.js';
import type { NetworkId } from '../charter/types.js';
import { NetworkError } from './types.js';

export function blueskyPreflightError(network: NetworkId, e: unknown, host: string | undefined): LmPostError | undefined {
  if (network !== 'bluesky' || !(e instanceof NetworkError)) return undefined;
  const detail = e.message;
  if (e.apiCode === 'auth') {
    return new LmPostError(
      'bluesky-auth',
      {
        fr: 'Bluesky a refusé l’identifiant ou le mot de passe d’application (LM_POST_BLUESKY_IDENTIFIER, LM_POST_BLUESKY_APP_PASSWORD) : rien n’a été envoyé, sur aucun réseau. Créez un mot de passe d’application dans Bluesky (Réglages → Confidentialité et sécurité → Mots de passe d’application), mettez-le dans .env, puis relancez lm-post publish. Détail : {{detail}}',
        en: 'Bluesky refused the identifier or app password (LM_POST_BLUESKY_IDENTIFIER, LM_POST_BLUESKY_APP_PASSWORD): nothing was sent, on any network. Create an app password in Bluesky (Settings → Privacy and security → App passwords), put it in .env, then run lm-post publish again. Detail: {{detail}}',
      },
      { detail },
      ExitCode.usage,
    );
  }
  if (e.apiCode === 'unknown-handle') {
    const handle = /@[^\s]+?(?= cannot)/.exec(detail)?.[0] ?? '';
    return new LmPostError(
      'bluesky-unknown-handle',
      {
        fr: 'Bluesky : le compte {{handle}} du carnet d’adresses de la charte (accounts → bluesky) est introuvable : rien n’a été envoyé, sur aucun réseau. Corrigez cet identifiant Bluesky dans la charte (ex. cressaura.bsky.social), puis relancez lm-post publish.',
        en: 'Bluesky: the account {{handle}} of the charter’s address book (accounts → bluesky) cannot be found: nothing was sent, on any network. Fix this Bluesky handle in the charter (e.g. cressaura.bsky.social), then run lm-post publish again.',
      },
      { handle },
      ExitCode.usage,
    );
  }
  const minutes = e.retryAfterMs ? Math.max(1, Math.ceil(e.retryAfterMs / 60_000)) : undefined;
  if (e.kind === 'rate-limit') {
    return new LmPostError(
      'bluesky-rate-limit',
      {
        fr: 'Bluesky limite les connexions (30 par 5 minutes, 300 par jour et par compte) : rien n’a été envoyé, sur aucun réseau. Relancez lm-post publish dans {{minutes}} min.',
        en: 'Bluesky limits logins (30 per 5 minutes, 300 a day per account): nothing was sent, on any network. Run lm-post publish again in {{minutes}} min.',
      },
      { minutes: minutes ?? 5 },
      ExitCode.problems,
    );
  }
  return new LmPostError(
    'bluesky-unreachable',
    {
      fr: 'Bluesky ({{host}}) n’a pas pu ouvrir la session : rien n’a été envoyé, sur aucun réseau. Vérifiez LM_POST_BLUESKY_SERVICE (ou le « service » de la charte) et la connexion, ou réessayez plus tard : lm-post publish reprendra là. Détail : {{detail}}',
      en: 'Bluesky ({{host}}) could not open the session: nothing was sent, on any network. Check LM_POST_BLUESKY_SERVICE (or the charter’s `service`) and the connection, or try again later: lm-post publish will resume there. Detail: {{detail}}',
    },
    { host: host ?? 'bsky.social', detail },
    ExitCode.problems,
  );
}
