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

function isBilingual(v: unknown): v is Bilingual {
  return typeof v === 'object' && v !== null && typeof (v as Bilingual).fr === 'string' && typeof (v as Bilingual).en === 'string';
}

/**
 * The message in `lang`. A data value may itself be bilingual (`{ fr, en }`, e.g. a date or a size
 * written as each language writes it): it is resolved to the same language.
 */
export function tr(lang: Lang, msg: Bilingual, data?: Readonly<Record<string, unknown>>): string {
  if (!data) return interpolate(msg[lang]);
  const resolved: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) resolved[k] = isBilingual(v) ? v[lang] : v;
  return interpolate(msg[lang], resolved);
}

/** A size in megabytes as each language writes it: « 20,0 Mo », "20.0 MB". */
export function formatMegabytes(bytes: number, lang: Lang): string {
  const n = new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(bytes / 1024 / 1024);
  return lang === 'fr' ? `${n} Mo` : `${n} MB`;
}

/** A file size for people: kilobytes under a megabyte, else megabytes with one decimal. */
export function formatSize(bytes: number, lang: Lang): string {
  if (bytes >= 1024 * 1024) return formatMegabytes(bytes, lang);
  const k = Math.max(1, Math.round(bytes / 1024));
  return lang === 'fr' ? `${k} Ko` : `${k} KB`;
}
