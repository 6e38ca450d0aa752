// Message catalogues. Every text a user reads exists in French and English; code and logs
// use message ids so tests assert ids, not prose.
export type Lang = 'fr' | 'en';
export const LANGS: readonly Lang[] = ['fr', 'en'];

export type Bilingual = { readonly fr: string; readonly en: string };

/** Replace `{{name}}` placeholders with values from data. Unknown placeholders stay visible. */
export function interpolate(template: string, data: Readonly<Record<string, unknown>> = {}): string {
  return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (whole, key: string) =>
    key in data ? String(data[key]) : whole,
  );
}

export function isLang(v: unknown): v is Lang {
  return v === 'fr' || v === 'en';
}

/**
 * Resolve the message language: LM_POST_LANG, else --lang, else the charter's language,
 * else the locale (LANG / LC_ALL), else French — the association's language.
 */
export function resolveLang(opts: { flag?: string | undefined; charter?: string | undefined; env?: NodeJS.ProcessEnv }): Lang {
  const env = opts.env ?? process.env;
  if (isLang(env.LM_POST_LANG)) return env.LM_POST_LANG;
  if (isLang(opts.flag)) return opts.flag;
  if (isLang(opts.charter)) return opts.charter;
  const locale = (env.LC_ALL || env.LC_MESSAGES || env.LANG || '').toLowerCase();
  if (locale.startsWith('en')) return 'en';
  return 'fr';
}

export function tr(lang: Lang, msg: Bilingual, data?: Readonly<Record<string, unknown>>): string {
  return interpolate(msg[lang], data);
}
