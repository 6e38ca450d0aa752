// The mockups as HTML: one self-contained page (inline CSS, images as data: URIs, no script, a
// Content-Security-Policy that forbids any network access). Everything that comes from a post is
// escaped; only https addresses become links; bidirectional controls are shown and isolated, long
// words wrap. Used by preview --format html and by the sandbox page.
import type { Lang } from '../i18n/index.js';
import { formatCost } from '../render/x-cost.js';
import { LOOKS } from './looks.js';
import type { MockItem, MockMedia, MockProblem, Mockup } from './model.js';
import type { Segment } from './text.js';

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// Bidirectional controls (and the Arabic letter mark): each shown as a labelled chip whose effect
// stays inside it, so a hostile text cannot reorder the mockup around it.
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

function textHtml(s: string): string {
  return esc(s).replace(BIDI, (c) => `<span class="ctl" data-cp="U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}">${c}</span>`);
}

function segmentHtml(s: Segment): string {
  switch (s.kind) {
    case 'text':
      return textHtml(s.text);
    case 'mention':
      return `<span class="mention"${s.hidden ? ` title="${esc(s.text + s.hidden)}"` : ''}>${textHtml(s.text)}${s.hidden ? `<span class="vh">${textHtml(s.hidden)}</span>` : ''}</span>`;
    case 'hashtag':
      return `<span class="tag">${textHtml(s.text)}</span>`;
    case 'link': {
      const inner = `${s.before ? `<span class="vh">${textHtml(s.before)}</span>` : ''}<span${s.after ? ' class="cut"' : ''}>${textHtml(s.shown)}</span>${s.after ? `<span class="vh">${textHtml(s.after)}</span>` : ''}`;
      // An address that is not https stays visible but dead: the preview never links to it.
      return s.href ? `<a class="link" href="${esc(s.href)}" rel="noopener noreferrer nofollow" title="${esc(s.text)}">${inner}</a>` : `<span class="link dead" title="${esc(s.text)}">${inner}</span>`;
    }
  }
}

const W = {
  fr: {
    alt: 'ALT',
    noAlt: 'Texte alternatif manquant',
    noAltImg: 'Image sans texte alternatif',
    card: 'Carte d’aperçu du lien',
    quote: 'Publication relayée',
    cost: 'coût X',
    chars: 'caractères',
    thread: (n: number) => `${n} publications en fil`,
    mirror: 'miroir de',
    visibility: 'visibilité',
    replies: 'réponses',
    cw: 'Avertissement de contenu',
    error: 'Erreur',
    warning: 'Avertissement',
    published: 'publié',
    vis: { public: 'public', unlisted: 'non listé', private: 'abonné·es', direct: 'mentionné·es' } as Record<string, string>,
    from: 'De',
    subject: 'Objet',
    readMore: 'En savoir plus',
    over: 'au-delà de la limite',
  },
  en: {
    alt: 'ALT',
    noAlt: 'Alt text missing',
    noAltImg: 'Image without alt text',
    card: 'Link preview card',
    quote: 'Relayed post',
    cost: 'X cost',
    chars: 'characters',
    thread: (n: number) => `${n} posts in a thread`,
    mirror: 'mirror of',
    visibility: 'visibility',
    replies: 'replies',
    cw: 'Content warning',
    error: 'Error',
    warning: 'Warning',
    published: 'published',
    vis: { public: 'public', unlisted: 'unlisted', private: 'followers', direct: 'mentioned' } as Record<string, string>,
    from: 'From',
    subject: 'Subject',
    readMore: 'Read more',
    over: 'over the limit',
  },
};

function initials(name: string): string {
  const words = name.replace(/[^\p{L}\p{N}\s]/gu, ' ').split(/\s+/).filter(Boolean);
  return esc(((words[0]?.[0] ?? '?') + (words[1]?.[0] ?? '')).toUpperCase());
}

function mediaHtml(m: MockMedia, lang: Lang): string {
  const w = W[lang];
  const alt = m.alt.trim();
  const imgAlt = alt || `${w.noAltImg} (${m.label})`;
  const shown = m.src
    ? `<img src="${esc(m.src)}" alt="${esc(imgAlt)}">`
    : `<div class="ph" role="img" aria-label="${esc(`${m.problem ?? ''} : ${m.label}`)}"><span class="ph-sign" aria-hidden="true">⚠</span><span class="ph-why">${textHtml(m.problem ?? '')}</span><code>${textHtml(m.label)}</code></div>`;
  const badge = alt
    ? `<details class="alt"><summary title="${esc(alt)}">${w.alt}</summary><p dir="auto">${textHtml(alt)}</p></details>`
    : `<p class="noalt">⚠ ${w.noAlt}</p>`;
  return `<figure class="m">${shown}${badge}</figure>`;
}

function mediaGrid(media: MockMedia[], lang: Lang): string {
  if (!media.length) return '';
  const n = Math.min(media.length, 4);
  return `<div class="grid g${n}${media.length > 4 ? ' more' : ''}">${media.map((m) => mediaHtml(m, lang)).join('')}</div>`;
}

export function problemsHtml(problems: MockProblem[], lang: Lang): string {
  if (!problems.length) return '';
  const w = W[lang];
  return `<ul class="pins">${problems
    .map((p) => `<li class="${p.severity === 2 ? 'err' : 'warn'}"><strong>${p.severity === 2 ? `✗ ${w.error}` : `⚠ ${w.warning}`}</strong> ${textHtml(p.message)}${p.where || p.ruleId ? ` <span class="where">${esc([p.where, p.ruleId].filter(Boolean).join(' · '))}</span>` : ''}</li>`)
    .join('')}</ul>`;
}

function countHtml(m: Mockup, it: MockItem, lang: Lang): string {
  const w = W[lang];
  const parts: string[] = [];
  if (it.length !== undefined) {
    const over = it.max !== undefined && it.length > it.max;
    parts.push(`<span class="${over ? 'over' : 'fit'}">${it.length}${it.max !== undefined ? ` / ${it.max}` : ''} ${w.chars}${over ? ` — ${w.over}` : ''}</span>`);
  }
  if (it.cost !== undefined && m.currency) parts.push(`<span>${w.cost} ${esc(formatCost(it.cost, m.currency, lang))}</span>`);
  if (it.url) parts.push(it.url.startsWith('https://') || it.url.startsWith('http://127.0.0.1') || it.url.startsWith('/') ? `<a href="${esc(it.url)}">${esc(it.at ?? it.url)}</a>` : `<span>${esc(it.at ?? it.url)}</span>`);
  return parts.length ? `<p class="count">${parts.join(' · ')}</p>` : '';
}

function cardHtml(m: Mockup, lang: Lang): string {
  if (!m.card) return '';
  const c = m.card;
  const inner = `<span class="card-img" aria-hidden="true">🔗</span><span class="card-body"><span class="card-host">${textHtml(c.host)}</span><span class="card-url">${textHtml(c.url.replace(/^https?:\/\//i, ''))}</span></span>`;
  const label = `${W[lang].card} : ${c.host}`;
  return c.href ? `<a class="card" href="${esc(c.href)}" rel="noopener noreferrer nofollow" aria-label="${esc(label)}">${inner}</a>` : `<div class="card" aria-label="${esc(label)}">${inner}</div>`;
}

function quoteHtml(m: Mockup, lang: Lang): string {
  if (!m.quote) return '';
  const q = m.quote;
  const href = q.url && /^https:\/\//i.test(q.url) ? q.url : undefined;
  const url = q.url ? (href ? `<a href="${esc(href)}" rel="noopener noreferrer nofollow">${textHtml(q.url)}</a>` : textHtml(q.url)) : '';
  return `<div class="quote"><p class="quote-head"><span class="avatar sm" aria-hidden="true">↻</span> <strong>${W[lang].quote}</strong>${q.author ? ` <span class="handle">${textHtml(q.author)}</span>` : ''}</p><p class="quote-url">${url}${q.id ? ` <span class="handle">#${esc(q.id)}</span>` : ''}</p></div>`;
}

function whoHtml(m: Mockup, extra: string): string {
  return `<p class="who"><span class="name">${textHtml(m.account.name)}</span>${m.account.handle ? ` <span class="handle">${textHtml(m.account.handle)}</span>` : ''}${extra ? ` <span class="time">· ${textHtml(extra)}</span>` : ''}</p>`;
}

function actionsHtml(m: Mockup, lang: Lang): string {
  const acts = LOOKS[m.look].actions[lang];
  return acts.length ? `<ul class="actions" aria-hidden="true">${acts.map((a) => `<li>${esc(a)}</li>`).join('')}</ul>` : '';
}

function itemHtml(m: Mockup, it: MockItem, i: number, lang: Lang): string {
  const w = W[lang];
  const first = i === 0;
  const cw = first && m.spoiler ? `<p class="cw"><strong>${w.cw} :</strong> ${textHtml(m.spoiler)}</p>` : '';
  const text = it.text ? `<div class="text" dir="auto">${it.segments.map(segmentHtml).join('')}</div>` : '';
  const extras = first ? quoteHtml(m, lang) + (m.card && (!LOOKS[m.look].cardWithoutMediaOnly || !it.media.length) ? cardHtml(m, lang) : '') : '';
  const when = it.at ?? m.when ?? '';
  if (m.look === 'facebook') {
    return `<article class="post"><div class="fb-head"><span class="avatar" aria-hidden="true">${initials(m.account.name)}</span><p class="who"><span class="name">${textHtml(m.account.name)}</span><span class="time">${textHtml(when ? `${when} · ${m.visibility ?? 'Public'}` : 'Public')}</span></p></div>${cw}${text}${mediaGrid(it.media, lang)}${extras}${countHtml(m, it, lang)}${actionsHtml(m, lang)}</article>`;
  }
  const chained = m.items.length > 1 && i < m.items.length - 1;
  const num = m.items.length > 1 ? `<span class="num">${i + 1}/${m.items.length}</span>` : '';
  return `<article class="post${chained ? ' chained' : ''}"><div class="rail"><span class="avatar" aria-hidden="true">${initials(m.account.name)}</span></div><div class="body">${whoHtml(m, when)}${num}${cw}${text}${mediaGrid(it.media, lang)}${extras}${countHtml(m, it, lang)}${it.problems?.length ? problemsHtml(it.problems, lang).replace('class="pins"', 'class="pins in-item"') : ''}${actionsHtml(m, lang)}</div></article>`;
}

function letterHtml(m: Mockup, lang: Lang): string {
  const w = W[lang];
  const l = m.letter!;
  const it = m.items[0]!;
  const text = `<div class="text" dir="auto">${it.segments.map(segmentHtml).join('')}</div>`;
  const card = m.card ? (m.card.href ? `<p class="more"><a href="${esc(m.card.href)}" rel="noopener noreferrer nofollow">${w.readMore} →</a></p>` : `<p class="more">${textHtml(m.card.url)}</p>`) : '';
  return `<div class="mail"><p class="mail-head"><span><strong>${w.from} :</strong> ${textHtml(m.account.name)} &lt;${textHtml(m.account.handle)}&gt;</span><span><strong>${w.subject} :</strong> ${textHtml(l.title)}</span></p><div class="paper">${l.section ? `<p class="section">${textHtml(l.section)}</p>` : ''}${l.heading ? `<p class="heading">${textHtml(l.heading)}</p>` : ''}${l.eventWhen || l.place ? `<p class="when">${textHtml([l.eventWhen, l.place].filter(Boolean).join(' — '))}</p>` : ''}${mediaGrid(it.media, lang)}${text}${card}${countHtml(m, it, lang)}</div></div>`;
}

/** One network's mockup, its title at heading `level`. */
export function mockupHtml(m: Mockup, lang: Lang, level: number, id: string): string {
  const w = W[lang];
  const meta: string[] = [];
  if (m.items.length > 1) meta.push(w.thread(m.items.length));
  if (m.cost !== undefined && m.currency) meta.push(`${w.cost} ${formatCost(m.cost, m.currency, lang)}`);
  if (m.visibility && m.look === 'mastodon') meta.push(`${w.visibility}${lang === 'fr' ? ' : ' : ': '}${w.vis[m.visibility] ?? m.visibility}${m.threadVisibility ? `, ${w.replies}${lang === 'fr' ? ' : ' : ': '}${w.vis[m.threadVisibility] ?? m.threadVisibility}` : ''}`);
  if (m.receipt) meta.push(`${w.published} : ${m.receipt.url ?? m.receipt.id}`);
  const h = `h${Math.min(6, level)}`;
  const body = m.look === 'letter' ? letterHtml(m, lang) : `<div class="feed">${m.items.map((it, i) => itemHtml(m, it, i, lang)).join('')}</div>`;
  return `<section class="net net-${m.look}" aria-labelledby="${esc(id)}"><${h} id="${esc(id)}" class="net-title">${textHtml(m.label)}${m.mirrorOf ? ` <span class="sub">(${w.mirror} ${textHtml(m.mirrorOf)})</span>` : ''}</${h}>${meta.length ? `<p class="net-meta">${textHtml(meta.join(' · '))}</p>` : ''}${problemsHtml(m.problems, lang)}${body}</section>`;
}

export const CSS = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#eceff3;color:#1d232b;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif,"Noto Color Emoji"}
main{max-width:1240px;margin:0 auto;padding:16px}
a{color:#0a58a8}
h1{font-size:1.5rem;line-height:1.25;margin:.1em 0 .3em;overflow-wrap:anywhere}
h2,h3,h4{overflow-wrap:anywhere}
.kicker{margin:0;font-size:.85rem;font-weight:600;color:#4a5565;text-transform:uppercase;letter-spacing:.04em}
.page-head{background:#fff;border-radius:14px;padding:16px 18px;margin-bottom:16px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.page-head .meta{margin:.2em 0;color:#3d4754;overflow-wrap:anywhere}
.chips{list-style:none;display:flex;flex-wrap:wrap;gap:8px;padding:0;margin:.6em 0 0}
.chips li{background:#e6eaf0;color:#1d232b;border-radius:999px;padding:3px 12px;font-size:.9rem}
.chips li.ok{background:#dcefe0;color:#14532d}
.chips li.bad{background:#fbe3e1;color:#8a1c14}
.chips li.warn{background:#fdf0d5;color:#6b4400}
.general{background:#fff;border-radius:14px;padding:12px 18px;margin-bottom:16px}
.general h2{font-size:1.1rem;margin:.2em 0}
.mockups{display:flex;flex-wrap:wrap;gap:16px;justify-content:center;align-items:flex-start}
.net{flex:1 1 380px;max-width:600px;min-width:0;border-radius:16px;overflow:hidden;box-shadow:0 1px 3px rgba(0,0,0,.12)}
.net-title{margin:0;padding:12px 16px 2px;font-size:1.05rem}
.net-title .sub{font-weight:400;font-size:.9rem}
.net-meta{margin:0;padding:0 16px 10px;font-size:.88rem}
.pins{list-style:none;margin:0 12px 10px;padding:0}
.pins li{border-left:4px solid;border-radius:6px;padding:6px 10px;margin:6px 0;font-size:.9rem;overflow-wrap:anywhere;background:#fff;color:#1d232b}
.pins li.err{border-color:#b3261e;background:#fdecea;color:#5f120c}
.pins li.warn{border-color:#a86200;background:#fff4e0;color:#4d2e00}
.pins.in-item{margin:4px 0 6px}
.pins .where{font-size:.82rem;white-space:nowrap}
.feed{padding:0 0 6px}
.post{display:flex;gap:10px;padding:12px 16px 6px;min-width:0}
.rail{flex:0 0 44px;display:flex;flex-direction:column;align-items:center}
.post.chained .rail::after{content:"";flex:1;width:2px;margin-top:4px;margin-bottom:-12px;background:currentColor;opacity:.3}
.body{flex:1;min-width:0}
.avatar{display:inline-flex;align-items:center;justify-content:center;width:44px;height:44px;border-radius:50%;font-weight:700;font-size:.95rem;flex:0 0 auto}
.avatar.sm{width:22px;height:22px;font-size:.7rem}
.who{margin:0;display:flex;flex-wrap:wrap;gap:0 6px;align-items:baseline;min-width:0}
.who .name{font-weight:700;overflow-wrap:anywhere}
.who .handle,.who .time{overflow-wrap:anywhere}
.num{display:inline-block;font-size:.8rem;font-weight:600;margin:2px 0}
.text{white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word;margin:4px 0 8px;unicode-bidi:isolate}
.ctl{unicode-bidi:isolate;display:inline-block;font:600 .72rem/1.4 ui-monospace,monospace;background:#fff3c4;color:#4d3a00;border:1px solid #8a6d00;border-radius:4px;padding:0 3px;margin:0 1px}
.ctl::before{content:attr(data-cp)}
.vh{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap}
.cut::after{content:"…"}
.link{text-decoration:none;unicode-bidi:isolate}
.link:hover,.link:focus{text-decoration:underline}
.link.dead{text-decoration:underline dotted}
.mention,.tag{unicode-bidi:isolate}
.grid{display:grid;gap:2px;border-radius:14px;overflow:hidden;margin:6px 0 8px}
.grid.g2{grid-template-columns:1fr 1fr}
.grid.g3{grid-template-columns:1fr 1fr;grid-template-rows:1fr 1fr;aspect-ratio:16/9}
.g3 .m{min-height:0}
.grid.g3 .m:first-child{grid-row:span 2}
.grid.g4,.grid.more{grid-template-columns:1fr 1fr}
.m{position:relative;margin:0;min-width:0;background:#d5dae1}
.g1 .m img{display:block;width:100%;height:auto;max-height:520px;object-fit:cover}
.g2 .m,.g3 .m,.g4 .m,.more .m{min-height:120px}
.g2 .m{aspect-ratio:4/5}
.g4 .m,.more .m{aspect-ratio:16/9}
.g2 .m img,.g3 .m img,.g4 .m img,.more .m img{display:block;width:100%;height:100%;object-fit:cover}
.ph{display:flex;flex-direction:column;align-items:center;justify-content:center;gap:4px;height:100%;min-height:140px;padding:10px;text-align:center;background:repeating-linear-gradient(45deg,#f3f4f6,#f3f4f6 10px,#e5e7eb 10px,#e5e7eb 20px);color:#1d232b;border:2px dashed #6b7280}
.ph-sign{font-size:1.6rem}
.ph-why{font-weight:700;background:#f3f4f6}
.ph code{overflow-wrap:anywhere;font-size:.8rem;background:#f3f4f6}
.alt{position:absolute;left:8px;bottom:8px;right:8px;max-width:max-content}
.alt summary{display:inline-block;cursor:pointer;list-style:none;background:#111;color:#fff;font:700 .75rem/1 system-ui,sans-serif;padding:4px 6px;border-radius:4px}
.alt summary::-webkit-details-marker{display:none}
.alt[open]{max-width:none}
.alt p{margin:4px 0 0;background:#111;color:#fff;padding:8px 10px;border-radius:8px;font-size:.85rem;max-height:12em;overflow:auto;overflow-wrap:anywhere}
.noalt{position:absolute;left:8px;bottom:8px;margin:0;background:#8a1c14;color:#fff;font:700 .78rem/1.2 system-ui,sans-serif;padding:4px 8px;border-radius:4px}
.card{display:flex;align-items:stretch;border:1px solid;border-radius:14px;overflow:hidden;margin:6px 0 8px;text-decoration:none;color:inherit;min-width:0}
.card-img{flex:0 0 84px;display:flex;align-items:center;justify-content:center;font-size:1.6rem}
.card-body{display:flex;flex-direction:column;justify-content:center;padding:8px 12px;min-width:0}
.card-host{font-size:.85rem}
.card-url{font-size:.92rem;font-weight:500;overflow-wrap:anywhere;display:-webkit-box;-webkit-line-clamp:3;-webkit-box-orient:vertical;overflow:hidden}
.quote{border:1px solid;border-radius:14px;padding:8px 12px;margin:6px 0 8px;min-width:0}
.quote p{margin:2px 0;overflow-wrap:anywhere}
.count{margin:2px 0 4px;font-size:.85rem;overflow-wrap:anywhere}
.count .over{color:#b3261e;font-weight:700}
.actions{list-style:none;display:flex;flex-wrap:wrap;gap:4px 18px;margin:4px 0 6px;padding:0;font-size:.85rem}
.cw{margin:4px 0;padding:6px 10px;border-radius:6px;overflow-wrap:anywhere}
/* X: light, black text, blue links */
.net-twitter{background:#fff;color:#0f1419}
.net-twitter .net-meta,.net-twitter .handle,.net-twitter .time,.net-twitter .count,.net-twitter .actions,.net-twitter .num,.net-twitter .card-host{color:#536471}
.net-twitter .link,.net-twitter .mention,.net-twitter .tag{color:#0a62b0}
.net-twitter .avatar{background:#0f1419;color:#fff}
.net-twitter .card,.net-twitter .quote{border-color:#cfd9de}
.net-twitter .card-img{background:#eff3f4;color:#0f1419}
.net-twitter .post{border-bottom:1px solid #eff3f4}
.net-twitter .post.chained{border-bottom:0}
/* Mastodon: the dark theme, violet links */
.net-mastodon{background:#282c37;color:#fff}
.net-mastodon .net-meta,.net-mastodon .handle,.net-mastodon .time,.net-mastodon .count,.net-mastodon .actions,.net-mastodon .num,.net-mastodon .card-host{color:#b4c3d8}
.net-mastodon .link,.net-mastodon .mention,.net-mastodon .tag{color:#b3b4ff}
.net-mastodon a{color:#b3b4ff}
.net-mastodon .avatar{border-radius:8px;background:#5253e0;color:#fff}
.net-mastodon .card,.net-mastodon .quote{border-color:#4a5266}
.net-mastodon .card-img{background:#393f4f;color:#fff}
.net-mastodon .cw{background:#393f4f;color:#fff}
.net-mastodon .count .over{color:#ffb4ab}
.net-mastodon .post{border-bottom:1px solid #393f4f}
.net-mastodon .post.chained{border-bottom:0}
/* Facebook: grey page, white post, blue names */
.net-facebook{background:#f0f2f5;color:#050505}
.net-facebook .net-meta,.net-facebook .time,.net-facebook .count,.net-facebook .actions,.net-facebook .card-host{color:#596069}
.net-facebook .feed{padding:0 10px 10px}
.net-facebook .post{display:block;background:#fff;border-radius:10px;padding:12px;box-shadow:0 1px 2px rgba(0,0,0,.15)}
.net-facebook .fb-head{display:flex;gap:8px;align-items:center;margin-bottom:6px}
.net-facebook .avatar{width:40px;height:40px;background:#1b57b8;color:#fff}
.net-facebook .who{flex-direction:column;gap:0}
.net-facebook .who .time{font-size:.82rem}
.net-facebook .link,.net-facebook .mention,.net-facebook .tag{color:#1b57b8}
.net-facebook .mention{font-weight:600}
.net-facebook .grid{border-radius:0;margin:8px -12px}
.net-facebook .card{border-radius:0;margin:8px -12px;border-width:1px 0;border-color:#dadde1;flex-direction:column}
.net-facebook .card-img{flex:0 0 auto;height:64px;background:#e4e6eb;color:#050505}
.net-facebook .card-body{background:#f0f2f5}
.net-facebook .card-host{text-transform:uppercase}
.net-facebook .actions{justify-content:space-around;border-top:1px solid #dadde1;padding-top:6px;font-weight:600}
/* Bluesky: white, blue links, round avatars */
.net-bluesky{background:#fff;color:#0b0f14}
.net-bluesky .net-meta,.net-bluesky .handle,.net-bluesky .time,.net-bluesky .count,.net-bluesky .actions,.net-bluesky .num,.net-bluesky .card-host{color:#42576c}
.net-bluesky .link,.net-bluesky .mention,.net-bluesky .tag{color:#0560c7}
.net-bluesky .avatar{background:#0560c7;color:#fff}
.net-bluesky .card,.net-bluesky .quote{border-color:#d4dbe2}
.net-bluesky .card-img{background:#f1f3f5;color:#0b0f14}
.net-bluesky .grid{border-radius:8px}
/* The letter: an e-mail, paper on a warm background */
.net-letter{background:#f4f1ea;color:#22201c}
.net-letter .net-meta,.net-letter .count{color:#55504a}
.net-letter .mail{padding:0 12px 12px}
.net-letter .mail-head{display:flex;flex-direction:column;margin:0 0 8px;font-size:.88rem;overflow-wrap:anywhere}
.net-letter .paper{background:#fff;border-top:6px solid #2f6b3a;border-radius:6px;padding:14px 16px}
.net-letter .section{margin:0 0 6px;font:700 .8rem/1.3 system-ui,sans-serif;text-transform:uppercase;letter-spacing:.05em;color:#2f6b3a}
.net-letter .heading{margin:0;font:700 1.2rem/1.3 Georgia,"DejaVu Serif",serif;overflow-wrap:anywhere}
.net-letter .when{margin:2px 0 8px;color:#55504a;overflow-wrap:anywhere}
.net-letter .text{font-family:Georgia,"DejaVu Serif",serif}
.net-letter .grid{border-radius:4px}
.net-letter .link,.net-letter a{color:#1f5a2a}
.net-letter .more{margin:6px 0}
.group{margin:0 0 28px}
.group .mockups{justify-content:flex-start}
.group-title{font-size:1.2rem;margin:0 0 2px;overflow-wrap:anywhere}
.group-meta{margin:0 0 10px;color:#3d4754;font-size:.9rem}
.back{margin:0 0 6px}
.page-foot{margin:20px 0 8px;font-size:.85rem;color:#4a5565}
@media (max-width:480px){main{padding:8px}h1{font-size:1.3rem}.card-img{flex-basis:56px}.post{padding:10px 12px 4px}.rail{flex-basis:36px}.avatar{width:36px;height:36px;font-size:.8rem}.page-head{padding:12px}}
`;

/** The page around the mockups: doctype, language, viewport, the CSP that keeps it offline, the CSS. */
export function pageHtml(lang: Lang, title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}
