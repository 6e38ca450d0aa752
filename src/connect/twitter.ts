// lm-post connect twitter: checks the four keys (GET /2/users/me, billed 0.010 USD on pay-per-use:
// said first) and shows the charter's plan.
import { ExitCode } from '../errors.js';
import { ask, done, fail, TIMEOUT_MS, write, type ConnectValues, type Session } from './session.js';

export async function twitter(s: Session, o: ConnectValues): Promise<number> {
  const { t, io } = s;
  const plan = s.charter?.networks.twitter?.plan ?? 'pay-per-use';
  io.out(
    t(
      'X : quatre clés, sur developer.x.com > votre projet > votre application > Keys and tokens : « API Key and Secret » (clé et secret de l’application), puis « Access Token and Secret » (droits Read and write).\n' +
        `La vérification appelle une fois GET /2/users/me : avec la formule pay-per-use, X la facture 0,010 USD.\n`,
      'X: four keys, on developer.x.com > your project > your app > Keys and tokens: "API Key and Secret" (the app’s key and secret), then "Access Token and Secret" (Read and write permissions).\n' +
        'The check calls GET /2/users/me once: on the pay-per-use plan, X bills it 0.010 USD.\n',
    ),
  );
  if (s.tty && !o.yes && !s.sandbox) {
    const { confirm } = await import('@inquirer/prompts');
    if (!(await confirm({ message: t('Continuer (0,010 USD) ?', 'Continue (0.010 USD)?'), default: true, theme: s.themes.confirm }))) return ExitCode.ok;
  }
  const plain = (label: string) => async (v: string) => (/^\S{10,}$/.test(v) ? { v } : t(`${label} : sans espace, telle que copiée depuis developer.x.com`, `${label}: no spaces, as copied from developer.x.com`));
  // The four keys are checked together (one users/me call); on a terminal, a refusal asks the
  // four again (any of them may be the wrong one), without one it ends the command.
  const sbKeys = s.sandbox?.urls;
  let keys: { appKey: string; appSecret: string; accessToken: string; accessSecret: string; account: string } | undefined;
  for (let attempt = 0; !keys; attempt++) {
    const first = attempt === 0;
    const flag = (given: string | undefined, sandboxValue: string | undefined) => (first ? (given ?? sandboxValue) : undefined);
    const appKey = await ask(s, { flag: flag(o.appKey, sbKeys?.twitterAppKey), flagName: '--app-key', message: t('1. API Key (clé de l’application)', '1. API Key'), check: plain('API Key') });
    const appSecret = await ask(s, { flag: flag(o.appSecret, sbKeys?.twitterAppSecret), flagName: '--app-secret', message: t('2. API Key Secret', '2. API Key Secret'), secret: true, check: plain('API Key Secret') });
    const accessToken = await ask(s, { flag: flag(o.accessToken, sbKeys?.twitterAccessToken), flagName: '--access-token', message: t('3. Access Token', '3. Access Token'), check: plain('Access Token') });
    const accessSecret = await ask(s, { flag: flag(o.accessSecret, sbKeys?.twitterAccessSecret), flagName: '--access-secret', message: t('4. Access Token Secret', '4. Access Token Secret'), secret: true, check: plain('Access Token Secret') });
    const credentials = { LM_POST_TWITTER_APP_KEY: appKey.v, LM_POST_TWITTER_APP_SECRET: appSecret.v, LM_POST_TWITTER_ACCESS_TOKEN: accessToken.v, LM_POST_TWITTER_ACCESS_SECRET: accessSecret.v };
    const { ADAPTERS } = await import('../networks/index.js');
    const mod = await ADAPTERS.twitter();
    let refused: string | undefined;
    let account = '';
    try {
      const adapter = await mod.createAdapter({ credentials, timeoutMs: TIMEOUT_MS, ...(s.sandbox ? { baseUrl: s.sandbox.urls.twitter } : {}) });
      account = (await adapter.describe!(AbortSignal.timeout(TIMEOUT_MS * 2))).account;
    } catch (e) {
      refused = t(`les quatre clés sont refusées par X (${(e as Error).message}) : vérifiez-les, ou régénérez l’Access Token en Read and write`, `X refuses the four keys (${(e as Error).message}): check them, or regenerate the Access Token with Read and write`);
    }
    if (!refused) keys = { appKey: appKey.v, appSecret: appSecret.v, accessToken: accessToken.v, accessSecret: accessSecret.v, account };
    else if (!s.tty || (first && (o.appKey ?? o.appSecret ?? o.accessToken ?? o.accessSecret ?? sbKeys) !== undefined)) throw fail('connect-refused', '{{reason}}', '{{reason}}', { reason: refused });
    else io.out(`   ✗ ${refused}\n${t('   Recommençons les quatre clés.', '   Let us enter the four keys again.')}\n`);
  }
  io.out(
    plan === 'pay-per-use'
      ? t('   Formule (charte) : pay-per-use — chaque billet est facturé ; les relais partent en texte + lien. Si votre compte X a une autre formule, corrigez networks.twitter.plan dans la charte.\n', '   Plan (charter): pay-per-use — every post is billed; relais go out as text + link. If your X account has another plan, fix networks.twitter.plan in the charter.\n')
      : t('   Formule (charte) : Enterprise — les relais partent en citations.\n', '   Plan (charter): Enterprise — relais go out as quotes.\n'),
  );
  write(s, { LM_POST_TWITTER_APP_KEY: keys.appKey, LM_POST_TWITTER_APP_SECRET: keys.appSecret, LM_POST_TWITTER_ACCESS_TOKEN: keys.accessToken, LM_POST_TWITTER_ACCESS_SECRET: keys.accessSecret });
  done(s, 'X', keys.account, ['LM_POST_TWITTER_APP_KEY', 'LM_POST_TWITTER_APP_SECRET', 'LM_POST_TWITTER_ACCESS_TOKEN', 'LM_POST_TWITTER_ACCESS_SECRET']);
  return ExitCode.ok;
}

