// One email per person per run (SPEC §17 notify): plain text and HTML, French by default, every
// piece of post content escaped for HTML.
import type { Charter, Person } from '../charter/types.js';
import type { Lang } from '../i18n/index.js';
import type { Notice } from './collect.js';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export interface NoticeMail {
  to: Person & { email: string };
  subject: string;
  text: string;
  html: string;
  keys: string[];
}

export function mailFor(person: Person & { email: string }, notices: readonly Notice[], charter: Charter, lang: Lang): NoticeMail {
  const fr = lang === 'fr';
  const n = notices.length;
  const subject = fr ? `[${charter.organisation}] ${n} avis de lm-post pour vous` : `[${charter.organisation}] ${n} lm-post notice(s) for you`;
  const hello = fr ? `Bonjour ${person.name},` : `Hello ${person.name},`;
  const intro = fr ? 'Voici ce qui vous concerne dans la file des billets :' : 'Here is what concerns you in the queue:';
  const bye = fr ? '— lm-post (message automatique : chaque avis n’est envoyé qu’une fois)' : '— lm-post (automatic message: each notice is sent once)';
  const text = [hello, '', intro, '', ...notices.flatMap((x) => [`* ${x.title}`, ...x.lines.map((l) => `  ${l}`), '']), bye, ''].join('\n');
  const link = (l: string) => {
    const m = /^(.*?)(https?:\/\/\S+)$/.exec(l);
    return m ? `${escapeHtml(m[1]!)}<a href="${escapeHtml(m[2]!)}">${escapeHtml(m[2]!)}</a>` : escapeHtml(l);
  };
  const html =
    `<!doctype html>\n<html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>\n` +
    `<p>${escapeHtml(hello)}</p>\n<p>${escapeHtml(intro)}</p>\n<ul>\n` +
    notices.map((x) => `<li><strong>${escapeHtml(x.title)}</strong>${x.lines.length ? '<br>' + x.lines.map(link).join('<br>') : ''}</li>`).join('\n') +
    `\n</ul>\n<p>${escapeHtml(bye)}</p>\n</body></html>\n`;
  return { to: person, subject, text, html, keys: notices.map((x) => x.key) };
}
