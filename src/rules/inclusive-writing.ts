import { textFields } from './util.js';
import { defineRule } from './types.js';

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const cache = new Map<string, RegExp>();
function termRegExp(term: string): RegExp {
  let re = cache.get(term);
  if (!re) {
    // Whole words only, case-insensitive; \p{L} so "adhérents" does not match inside "adhérentes".
    re = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(term)}(?![\\p{L}\\p{N}·])`, 'giu');
    cache.set(term, re);
  }
  re.lastIndex = 0;
  return re;
}

/**
 * One pattern for all the terms, to skip at once a text with none of them (most texts): it
 * matches somewhere exactly when one term's pattern does. Kept per charter's terms object.
 */
const anyCache = new WeakMap<object, RegExp>();
function anyTerm(raw: Record<string, string>, terms: readonly (readonly [string, string])[]): RegExp {
  let re = anyCache.get(raw);
  if (!re) {
    re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${terms.map(([t]) => escapeRe(t)).join('|')})(?![\\p{L}\\p{N}·])`, 'iu');
    anyCache.set(raw, re);
  }
  return re;
}

export default defineRule({
  meta: {
    id: 'inclusive-writing',
    defaultSeverity: 'warn',
    description: {
      fr: 'Les termes listés dans la charte reçoivent leur forme inclusive suggérée (les adhérents → les adhérent·es).',
      en: 'Terms listed in the charter get their inclusive form suggested (les adhérents → les adhérent·es).',
    },
    messages: {
      suggest: {
        fr: 'Écriture inclusive : « {{term}} » → « {{suggestion}} ».',
        en: 'Inclusive writing: "{{term}}" → "{{suggestion}}".',
      },
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        terms: { type: 'object', maxProperties: 500, additionalProperties: { type: 'string', maxLength: 200 } },
      },
    },
    defaultOptions: { terms: {} },
  },
  check(ctx) {
    const raw = (ctx.options.terms as Record<string, string> | undefined) ?? {};
    const terms = Object.entries(raw);
    if (!terms.length) return;
    const any = anyTerm(raw, terms);
    for (const f of textFields(ctx.post.data)) {
      if (!any.test(f.text)) continue;
      for (const [term, suggestion] of terms) {
        for (const m of f.text.matchAll(termRegExp(term))) {
          // Keep the writer's capital: "Les adhérents" → "Les adhérent·es".
          const first = m[0].charAt(0);
          const shown = first !== first.toLocaleLowerCase('fr') ? suggestion.charAt(0).toLocaleUpperCase('fr') + suggestion.slice(1) : suggestion;
          ctx.report({ messageId: 'suggest', path: f.path, needle: m[0], at: m.index, data: { term: m[0], suggestion: shown } });
        }
      }
    }
  },
});
