// What each person should hear about (SPEC §17 notify), from the same states `list` shows: pure
// reading of the queue, the archive, the receipts, the journal and the letter's record.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Charter, Person } from '../charter/types.js';
import type { Lang } from '../i18n/index.js';
import { fortnightOf, todayIn } from '../letter/dates.js';
import { readRecord, recordPath } from '../letter/record.js';
import { isValidPost, readPost } from '../post/read.js';
import { renderCached, targetsCached } from '../render/index.js';
import { formatCost, xPlan, xPostCost, xPrices } from '../render/x-cost.js';
import { formatDateTime, parseDateTime, wallClock } from '../util/time.js';
import { archivedFiles } from '../workflow/archive.js';
import type { ListRow } from '../workflow/states.js';

export interface Notice {
  /** Stable id: the same fact gives the same key, so it is sent once (journal). */
  key: string;
  /** Person id. */
  to: string;
  kind: 'waiting' | 'changes-requested' | 'rejected' | 'published' | 'needs-human' | 'x-budget' | 'letter-due';
  /** One line of French (or English) the person reads. */
  title: string;
  /** Details (note, links, command). */
  lines: string[];
}

const short = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);

export interface CollectOptions {
  charter: Charter;
  queueDir: string;
  cwd: string;
  lang: Lang;
  now: Date;
  rows: readonly ListRow[];
  queueFiles: readonly string[];
}

/** The validators' group: who hears about what needs a human, the X budget and the letter. */
export function validatorsOf(charter: Charter): Person[] {
  return charter.people.filter((p) => p.validator);
}

export function collectNotices(o: CollectOptions): Notice[] {
  const { charter, lang } = o;
  const fr = lang === 'fr';
  const tz = charter.timezone;
  const when = (iso: string | undefined) => {
    const d = iso ? parseDateTime(iso, tz) : undefined;
    return d ? formatDateTime(d, tz, lang) : fr ? 'dès approbation' : 'as soon as approved';
  };
  const out: Notice[] = [];
  const validators = validatorsOf(charter);
  const posts = new Map(o.queueFiles.map((f) => readPost(f, o.cwd)).filter(isValidPost).map((p) => [p.id, p]));
  for (const row of o.rows) {
    const post = posts.get(row.id);
    if (!post) continue;
    const fingerprint = short(Buffer.from(post.bytes).toString('utf8').replace(/^review:[\s\S]*$/m, ''));
    if (row.awaitingReview) {
      for (const v of validators) {
        if (v.id === row.author) continue;
        out.push({
          key: `waiting:${row.id}:${fingerprint}`,
          to: v.id,
          kind: 'waiting',
          title: fr ? `À relire : ${row.id} (${row.type}, ${row.author}) — ${when(row.publish_at)}` : `To review: ${row.id} (${row.type}, ${row.author}) — ${when(row.publish_at)}`,
          lines: [firstLine(post.data.text), `lm-post review ${row.id}`],
        });
      }
    }
    const r = post.data.review;
    if (r && (row.state === 'changes-requested' || row.state === 'rejected') && row.author) {
      out.push({
        key: `${row.state}:${row.id}:${r.at}`,
        to: row.author,
        kind: row.state,
        title:
          row.state === 'rejected'
            ? fr ? `Refusé par ${r.by} : ${row.id}` : `Rejected by ${r.by}: ${row.id}`
            : fr ? `Modifications demandées par ${r.by} : ${row.id}` : `Changes requested by ${r.by}: ${row.id}`,
        lines: [...(r.note ? [fr ? `« ${r.note} »` : `"${r.note}"`] : []), row.file],
      });
    }
    if ((row.state === 'published' || row.state === 'partly-published') && row.author) {
      const links = Object.entries(row.receipts).map(([n, url]) => `${n} : ${url}`);
      for (const n of Object.keys(row.receipts)) {
        out.push({ key: `published:${row.id}:${n}`, to: row.author, kind: 'published', title: fr ? `Publié : ${row.id}` : `Published: ${row.id}`, lines: links });
      }
    }
    if (row.state === 'needs-human') {
      for (const v of validators) {
        for (const s of row.needsHuman ?? []) {
          out.push({
            key: `needs-human:${row.id}:${s.network}:${s.item}`,
            to: v.id,
            kind: 'needs-human',
            title: fr ? `À vérifier à la main : ${row.id} sur ${s.network}` : `Needs a human: ${row.id} on ${s.network}`,
            lines: [s.seen, s.command],
          });
        }
      }
    }
  }
  out.push(...xBudgetNotices(o, validators), ...letterNotices(o, validators));
  // One notice per key and person (a post published on two networks is one "published" notice).
  const seen = new Set<string>();
  return out.filter((n) => {
    const id = `${n.to}\0${n.kind === 'published' ? n.key.replace(/:[^:]+$/, '') : n.key}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function firstLine(text: string | undefined): string {
  const l = (text ?? '').trim().split('\n')[0] ?? '';
  return l.length > 120 ? l.slice(0, 119) + '…' : l;
}

/** The X posts of this month cost 80 % of the monthly budget or more. */
function xBudgetNotices(o: CollectOptions, validators: readonly Person[]): Notice[] {
  const { charter, lang } = o;
  const budget = charter.networks.twitter?.monthly_budget;
  if (budget === undefined || xPlan(charter) !== 'pay-per-use') return [];
  const tz = charter.timezone;
  const month = wallClock(o.now, tz).date.slice(0, 7);
  const prices = xPrices(charter);
  let total = 0;
  for (const f of [...o.queueFiles, ...archivedFiles(o.queueDir)]) {
    const p = readPost(f, o.cwd);
    if (!isValidPost(p) || p.data.withdrawn || !targetsCached(p.data, charter).includes('twitter')) continue;
    const r = p.data.published?.twitter;
    const at = r ? new Date(r.at) : p.data.publish_at ? parseDateTime(p.data.publish_at, tz) : undefined;
    if (!at || wallClock(at, tz).date.slice(0, 7) !== month) continue;
    total += xPostCost(renderCached(p.data, charter, 'twitter', path.dirname(p.path)).items, prices);
  }
  if (total < budget * 0.8) return [];
  const fr = lang === 'fr';
  const t = formatCost(total, prices.currency, lang);
  const b = formatCost(budget, prices.currency, lang);
  return validators.map((v) => ({
    key: `x-budget:${month}`,
    to: v.id,
    kind: 'x-budget' as const,
    title: fr ? `Budget X du mois ${month} presque épuisé : ${t} sur ${b}` : `X budget of ${month} nearly spent: ${t} of ${b}`,
    lines: [fr ? 'Reportez un billet au mois suivant ou retirez un lien (lm-post calendar).' : 'Move a post to next month or drop a link (lm-post calendar).'],
  }));
}

/** The letter of the fortnight under way is not sent yet. */
function letterNotices(o: CollectOptions, validators: readonly Person[]): Notice[] {
  const cfg = o.charter.letter;
  if (!cfg) return [];
  const tz = o.charter.timezone;
  const period = fortnightOf(todayIn(o.now, tz), cfg, tz);
  const file = recordPath(o.queueDir, period.from);
  let rec;
  try {
    rec = readRecord(file, path.relative(o.cwd, file));
  } catch {
    rec = undefined;
  }
  if (rec?.sent) return [];
  const fr = o.lang === 'fr';
  const approved = !!rec?.review;
  return validators.map((v) => ({
    key: `letter-due:${period.from}`,
    to: v.id,
    kind: 'letter-due' as const,
    title: fr ? `La lettre de la quinzaine du ${period.from} est à envoyer` : `The letter of the fortnight from ${period.from} is due`,
    lines: [
      approved
        ? fr ? `Approuvée : lm-post letter --from ${period.from} --send` : `Approved: lm-post letter --from ${period.from} --send`
        : fr ? `À relire puis approuver : lm-post letter --from ${period.from} --approve --as VOUS` : `Read it, then approve it: lm-post letter --from ${period.from} --approve --as YOU`,
    ],
  }));
}
