// The preview page of one post: a header (type, author, date, approval, X cost, verdict), the
// problems that concern no network in particular, then one mockup per target network.
import type { Charter } from '../charter/types.js';
import type { Lang } from '../i18n/index.js';
import type { LintResult } from '../lint/engine.js';
import type { PostData } from '../post/types.js';
import { formatCost, xPrices } from '../render/x-cost.js';
import { esc, mockupHtml, pageHtml, problemsHtml } from './html.js';
import { fullDate, postMockups } from './model.js';
import type { ParsedYaml } from '../util/yaml.js';

export interface PreviewPageInput {
  id: string;
  file: string;
  path: string;
  data: PostData | undefined;
  charter: Charter;
  queueDir: string;
  result: LintResult;
  lang: Lang;
  /** The approval verdict as `preview` says it. */
  approval?: string;
  /** The file as parsed (problems about a thread's post are pinned to it). */
  parsed?: Pick<ParsedYaml, 'doc' | 'lineCounter'>;
}

function verdictChip(result: LintResult, lang: Lang): string {
  const e = result.errorCount;
  const w = result.warningCount;
  if (e + w === 0) return `<li class="ok">✓ ${lang === 'fr' ? 'conforme à la charte' : 'follows the charter'}</li>`;
  const text = lang === 'fr' ? `${e} erreur${e > 1 ? 's' : ''}, ${w} avertissement${w > 1 ? 's' : ''}` : `${e} error${e === 1 ? '' : 's'}, ${w} warning${w === 1 ? '' : 's'}`;
  return `<li class="${e ? 'bad' : 'warn'}">${e ? '✗' : '⚠'} ${text}</li>`;
}

export function previewPage(p: PreviewPageInput): string {
  const fr = p.lang === 'fr';
  const { charter, data, lang } = p;
  const title = `${fr ? 'Aperçu' : 'Preview'} — ${p.id}`;
  const parts: string[] = [];
  const meta: string[] = [];
  let chips = '';
  let mockups = '';
  if (data) {
    const type = charter.types[data.type]?.label ?? data.type;
    const author = charter.people.find((x) => x.id === data.author)?.name ?? data.author;
    meta.push(`${type} — ${fr ? 'par' : 'by'} ${author}`);
    const built = postMockups(data, charter, p.path, p.queueDir, p.result.messages, lang, p.parsed);
    const when = fullDate(data.publish_at, charter.timezone, lang);
    meta.push(when ?? (fr ? 'publication dès l’approbation' : 'published as soon as approved'));
    const cost = built.mockups.reduce((s, m) => s + (m.cost ?? 0), 0);
    const list = [
      `<li>${built.mockups.length ? built.mockups.map((m) => esc(m.label)).join(' · ') : fr ? 'aucun réseau' : 'no network'}</li>`,
      built.mockups.some((m) => m.cost !== undefined) ? `<li>${fr ? 'coût X' : 'X cost'} ${esc(formatCost(Math.round(cost * 1e6) / 1e6, xPrices(charter).currency, lang))}</li>` : '',
      verdictChip(p.result, lang),
    ];
    chips = `<ul class="chips">${list.join('')}</ul>`;
    mockups = `<div class="mockups">${built.mockups.map((m, i) => mockupHtml(m, lang, 2, `net-${i}-${m.look}`)).join('')}</div>`;
    if (built.general.length) {
      parts.push(
        `<section class="general" aria-labelledby="general"><h2 id="general">${fr ? 'Vérification de la publication' : 'Check of the post'}</h2>${problemsHtml(built.general, lang)}</section>`,
      );
    }
  } else {
    chips = `<ul class="chips">${verdictChip(p.result, lang)}</ul>`;
    parts.push(
      `<section class="general" aria-labelledby="general"><h2 id="general">${fr ? 'Ce fichier n’est pas une publication valide' : 'This file is not a valid post'}</h2>${problemsHtml(
        p.result.messages.map((g) => ({ severity: g.severity, message: g.message, where: `${fr ? 'ligne' : 'line'} ${g.line}:${g.column}`, ruleId: g.ruleId })),
        lang,
      )}</section>`,
    );
  }
  if (p.approval) meta.push(p.approval);
  const head = `<header class="page-head"><p class="kicker">lm-post · ${fr ? 'aperçu par réseau' : 'preview per network'}</p><h1>${esc(p.id)}</h1><p class="meta">${esc(p.file)}</p>${meta.map((m) => `<p class="meta">${esc(m)}</p>`).join('')}${chips}</header>`;
  const foot = `<p class="page-foot">${fr ? 'Aperçu fidèle au texte envoyé (même rendu que check et publish) ; l’allure des réseaux est approchée. Touchez « ALT » pour lire le texte alternatif d’une image.' : 'Faithful to the text sent (same rendering as check and publish); the networks’ look is approximate. Tap “ALT” to read an image’s alt text.'}</p>`;
  return pageHtml(lang, title, head + parts.join('') + mockups + foot);
}
