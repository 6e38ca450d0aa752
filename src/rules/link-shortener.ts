import { extractUrls } from '../render/length.js';
import { linkFields, textFields } from './util.js';
import { defineRule } from './types.js';

const DEFAULT_DOMAINS = ['bit.ly', 'tinyurl.com', 'ow.ly', 't.co', 'goo.gl', 'buff.ly', 'is.gd', 'tiny.cc', 'rebrand.ly', 'cutt.ly', 'shorturl.at', 'lnkd.in'];

function hostOf(url: string): string | undefined {
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `https://${url}`).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return undefined;
  }
}

export default defineRule({
  meta: {
    id: 'link-shortener',
    defaultSeverity: 'warn',
    description: {
      fr: 'Pas de raccourcisseurs d’adresses (bit.ly, tinyurl…) : le lectorat doit voir où mène un lien.',
      en: 'No URL shorteners (bit.ly, tinyurl…): readers should see where a link goes.',
    },
    messages: {
      shortened: {
        fr: 'Lien raccourci « {{url}} » ({{host}}) : mettez l’adresse complète, pour que chacun·e voie où il mène (les réseaux raccourcissent d’eux-mêmes).',
        en: 'Shortened link "{{url}}" ({{host}}): use the full address so readers see where it goes (networks shorten links themselves).',
      },
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { domains: { type: 'array', maxItems: 200, items: { type: 'string', maxLength: 253 } } },
    },
    defaultOptions: { domains: DEFAULT_DOMAINS },
  },
  check(ctx) {
    const domains = new Set(((ctx.options.domains as string[] | undefined) ?? DEFAULT_DOMAINS).map((d) => d.toLowerCase()));
    const check = (url: string, path: readonly (string | number)[], needle?: string, at?: number) => {
      const host = hostOf(url);
      if (host && domains.has(host)) ctx.report({ messageId: 'shortened', path, data: { url, host }, ...(needle ? { needle, at: at ?? 0 } : {}) });
    };
    for (const f of linkFields(ctx.post.data)) check(f.text, f.path);
    for (const f of textFields(ctx.post.data)) for (const u of extractUrls(f.text)) check(u.url, f.path, u.url, u.start);
  },
});
