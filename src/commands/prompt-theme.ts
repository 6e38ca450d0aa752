// @inquirer/prompts speaks English in its hints: French words for French-speaking volunteers.
import type { Lang } from '../i18n/index.js';

const ACTIONS_FR: Record<string, string> = { navigate: 'choisir', select: 'valider' };

export function selectTheme(lang: Lang) {
  return lang === 'fr'
    ? { style: { keysHelpTip: (keys: [string, string][]) => keys.map(([k, a]) => `${k} ${ACTIONS_FR[a] ?? a}`).join(' • ') } }
    : {};
}

export function confirmTheme(lang: Lang) {
  return lang === 'fr' ? { keywords: { yes: 'oui', no: 'non', error: () => 'Répondez oui ou non.' } } : {};
}
