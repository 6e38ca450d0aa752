// @inquirer/prompts speaks English in its hints: French words for French-speaking volunteers.
import type { Lang } from '../i18n/index.js';
import type { input } from '@inquirer/prompts';

type InputConfig = Parameters<typeof input>[0];

const ACTIONS_FR: Record<string, string> = { navigate: 'choisir', select: 'valider' };

export function selectTheme(lang: Lang) {
  return lang === 'fr'
    ? { style: { keysHelpTip: (keys: [string, string][]) => keys.map(([k, a]) => `${k} ${ACTIONS_FR[a] ?? a}`).join(' • ') } }
    : {};
}

export function confirmTheme(lang: Lang) {
  return lang === 'fr' ? { keywords: { yes: 'oui', no: 'non', error: () => 'Répondez oui ou non.' } } : {};
}

/**
 * An @inquirer/input config in the user's language: its built-in checks answer in English
 * (« You must provide a value », « You must provide a valid value »), so `required` becomes our
 * own check and a bare `false` from `validate` gets words (SPEC §17: no library English).
 */
export function inputConfig(lang: Lang, config: InputConfig): InputConfig {
  const { required, validate, ...rest } = config;
  const fr = lang === 'fr';
  return {
    ...rest,
    validate: async (v: string) => {
      if (required && !v.trim()) return fr ? 'Une réponse est nécessaire.' : 'An answer is needed.';
      if (!validate) return true;
      const r = await validate(v);
      return r === false ? (fr ? 'Réponse non valable.' : 'Not a valid answer.') : r;
    },
  };
}
