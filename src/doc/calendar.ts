// The "mois type" (SPEC §13): scheduled and published posts per network per day, cadence gaps
// (rule cadence's measure), posts outside the publication window, and the month's X cost.
// Each post shows its review state (the approval verdict `publish` and `list` use, judged now):
// a draft is « ◌ à approuver », never the « ○ programmé » of an approved post. A rejected post is
// shown « ✗ refusé » but left out of the cadence, the X cost and the counts: it will not go out.
import { printable } from '../util/printable.js';
import path from 'node:path';
import type { Charter, NetworkId } from '../charter/types.js';
import type { ValidPost } from '../post/read.js';
import { postTargets, renderPost } from '../render/index.js';
import { formatCost, xPlan, xPostCost, xPrices } from '../render/x-cost.js';
import { parseDateTime, wallClock } from '../util/time.js';
import type { Block } from './blocks.js';
import { currentTime } from '../util/clock.js';
import { approvalVerdict, type ReviewState, reviewState } from '../rules/approval.js';
import { dayIn, periodIn, periodOf } from '../letter/dates.js';

const DAY = 86_400_000;

export interface CalendarEntry {
  post: string;
  file: string;
  type: string;
  network: NetworkId;
  state: 'published' | 'scheduled';
  /** Published, or approved now (SPEC §6): it goes out at its time. */
  approved: boolean;
  /** Scheduled entries: the review state, as `lm-post list` names it. */
  review?: ReviewState;
  at: string;
  date: string;
  time: string;
  title: string;
  url?: string;
  outsideWindow: boolean;
  xCost?: number;
}

export interface CalendarGap {
  network: NetworkId;
  from: string;
  to: string;
  days: number;
  max: number;
}

export interface Calendar {
  month: string;
  timezone: string;
  days: { date: string; weekday: string; entries: CalendarEntry[] }[];
  gaps: CalendarGap[];
  outsideWindow: string[];
  unscheduled: { post: string; file: string; networks: NetworkId[] }[];
  /** `scheduled` counts approved and not yet approved posts (`pending` is the latter's part); rejected ones are left out. */
  xCost: { published: number; scheduled: number; pending: number; total: number; currency: string; budget?: number } | null;
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

function title(p: ValidPost): string {
  // One inert line: a post with errors is shown too, control characters included (printable).
  const text = printable((p.data.event?.name ?? p.data.text ?? p.data.share ?? p.id).replace(/\s+/g, ' ').trim());
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

export function currentMonth(charter: Charter, now = currentTime()): string {
  return wallClock(now, charter.timezone).date.slice(0, 7);
}

/** How an entry is marked, in the text, the HTML and the ICS summary. */
export function entryMark(e: Pick<CalendarEntry, 'state' | 'approved' | 'review'>): '✓' | '○' | '◌' | '✗' {
  if (e.state === 'published') return '✓';
  if (e.approved) return '○';
  return e.review === 'rejected' ? '✗' : '◌';
}

/** Entries that will (or did) go out: every entry but a rejected post's. */
function goesOut(e: Pick<CalendarEntry, 'review'>): boolean {
  return e.review !== 'rejected';
}

export function buildCalendar(charter: Charter, posts: readonly ValidPost[], month: string, cwd: string, now: Date = currentTime()): Calendar {
  const tz = charter.timezone;
  const [y, m] = month.split('-').map(Number) as [number, number];
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const window = charter.schedule?.window;
  const prices = xPrices(charter);
  const payPerUse = charter.networks.twitter && xPlan(charter) === 'pay-per-use';
  const all: (CalendarEntry & { time0: number })[] = [];
  const unscheduled: Calendar['unscheduled'] = [];
  for (const p of posts) {
    const nets = postTargets(p.data, charter);
    const pending: NetworkId[] = [];
    const review = reviewState(p.data, approvalVerdict(p.data, charter, path.dirname(p.path), now, p.id));
    for (const n of nets) {
      const receipt = p.data.published?.[n];
      const at = receipt ? new Date(receipt.at) : p.data.publish_at ? parseDateTime(p.data.publish_at, tz) : undefined;
      if (!at || Number.isNaN(at.getTime())) {
        pending.push(n);
        continue;
      }
      const wc = wallClock(at, tz);
      const typeWindow = charter.types[p.data.type]?.window !== false;
      const outside = !!window && typeWindow && (wc.minutes < minutesOf(window.from) || wc.minutes > minutesOf(window.to));
      const e: CalendarEntry & { time0: number } = {
        post: p.id,
        file: path.relative(cwd, p.path) || p.path,
        type: p.data.type,
        network: n,
        state: receipt ? 'published' : 'scheduled',
        approved: !!receipt || review === 'approved',
        ...(receipt ? {} : { review }),
        at: at.toISOString(),
        date: wc.date,
        time: wc.time,
        title: title(p),
        outsideWindow: outside,
        time0: at.getTime(),
      };
      if (receipt?.url) e.url = receipt.url;
      if (n === 'twitter' && payPerUse) e.xCost = xPostCost(renderPost(p.data, charter, n, path.dirname(p.path)).items, prices);
      all.push(e);
    }
    if (pending.length) unscheduled.push({ post: p.id, file: path.relative(cwd, p.path) || p.path, networks: pending });
  }
  all.sort((a, b) => a.time0 - b.time0 || a.network.localeCompare(b.network) || a.post.localeCompare(b.post));
  const inMonth = all.filter((e) => e.date.startsWith(month));
  const weekday = new Intl.DateTimeFormat('fr-FR', { weekday: 'long', timeZone: 'UTC' });
  const days: Calendar['days'] = [];
  for (let d = 1; d <= daysInMonth; d++) {
    const date = `${month}-${String(d).padStart(2, '0')}`;
    days.push({ date, weekday: weekday.format(new Date(Date.UTC(y, m - 1, d))), entries: inMonth.filter((e) => e.date === date).map(({ time0: _t, ...e }) => e) });
  }

  // Cadence gaps that touch this month: between consecutive posts of a network, and from the
  // last one to the end of the month.
  const gaps: CalendarGap[] = [];
  const monthStart = parseDateTime(`${month}-01T00:00`, tz)!.getTime();
  const monthEnd = parseDateTime(`${month}-${String(daysInMonth).padStart(2, '0')}T23:59`, tz)!.getTime();
  for (const [n, max] of Object.entries(charter.schedule?.cadence ?? {}) as [NetworkId, number][]) {
    if (!charter.networks[n]) continue;
    const times = all.filter((e) => e.network === n && goesOut(e)).map((e) => e.time0);
    for (let i = 0; i < times.length; i++) {
      const a = times[i]!;
      const b = times[i + 1] ?? (a < monthEnd ? monthEnd : undefined);
      if (b === undefined || b < monthStart || a > monthEnd) continue;
      const days = Math.floor((b - a) / DAY);
      if (days > max) gaps.push({ network: n, from: wallClock(new Date(a), tz).date, to: wallClock(new Date(b), tz).date, days, max });
    }
  }

  let xCost: Calendar['xCost'] = null;
  if (payPerUse) {
    const sum = (keep: (e: CalendarEntry) => boolean) => Math.round(inMonth.filter((e) => goesOut(e) && keep(e)).reduce((t, e) => t + (e.xCost ?? 0), 0) * 1e6) / 1e6;
    const published = sum((e) => e.state === 'published');
    const scheduled = sum((e) => e.state === 'scheduled');
    const pending = sum((e) => e.state === 'scheduled' && !e.approved);
    const budget = charter.networks.twitter?.monthly_budget;
    xCost = { published, scheduled, pending, total: Math.round((published + scheduled) * 1e6) / 1e6, currency: prices.currency, ...(budget !== undefined ? { budget } : {}) };
  }
  return {
    month,
    timezone: tz,
    days,
    gaps,
    outsideWindow: [...new Set(inMonth.filter((e) => e.outsideWindow && goesOut(e)).map((e) => e.date))],
    unscheduled,
    xCost,
  };
}

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function monthName(month: string, lang: 'fr' | 'en'): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${(lang === 'fr' ? MONTHS : MONTHS_EN)[m - 1]} ${y}`;
}

function label(charter: Charter, n: NetworkId): string {
  return charter.networks[n]?.label ?? n;
}

export function calendarBlocks(cal: Calendar, charter: Charter, lang: 'fr' | 'en'): Block[] {
  const fr = lang === 'fr';
  const nets = (['twitter', 'mastodon', 'facebook'] as const).filter((n) => charter.networks[n]);
  const b: Block[] = [{ kind: 'h', level: 1, text: `${fr ? 'Calendrier des publications' : 'Publication calendar'} — ${monthName(cal.month, lang)}` }];
  b.push({
    kind: 'p',
    text: fr
      ? `${charter.organisation}, heures de ${cal.timezone}. ✓ publié, ○ programmé (approuvé), ◌ à approuver (ne partira qu’une fois approuvé), ✗ refusé (ne partira pas), ⚠ hors des heures de publication.`
      : `${charter.organisation}, times in ${cal.timezone}. ✓ published, ○ scheduled (approved), ◌ to approve (goes out only once approved), ✗ rejected (will not go out), ⚠ outside publication hours.`,
  });
  // The state is said in words too, not by the mark alone.
  const word = (e: CalendarEntry) => (entryMark(e) === '◌' ? (fr ? ' (à approuver)' : ' (to approve)') : entryMark(e) === '✗' ? (fr ? ' (refusé)' : ' (rejected)') : '');
  const cell = (es: CalendarEntry[]) => es.map((e) => `${entryMark(e)} ${e.time} ${e.title}${word(e)}${e.outsideWindow ? ' ⚠' : ''}`).join(' / ') || '—';
  const rows = cal.days
    .filter((d) => d.entries.length > 0)
    .map((d) => [`${d.weekday.slice(0, 3)}. ${d.date.slice(8)}`, ...nets.map((n) => cell(d.entries.filter((e) => e.network === n)))]);
  b.push({ kind: 'h', level: 2, text: fr ? 'Jour par jour' : 'Day by day' });
  if (rows.length) b.push({ kind: 'table', caption: fr ? 'Billets par jour et par réseau' : 'Posts per day and network', head: [fr ? 'jour' : 'day', ...nets.map((n) => label(charter, n))], rows });
  else b.push({ kind: 'p', text: fr ? 'Aucun billet programmé ni publié ce mois-ci.' : 'No post scheduled or published this month.' });
  const counts = nets.map((n) => {
    const es = cal.days.flatMap((d) => d.entries.filter((e) => e.network === n));
    const scheduled = es.filter((e) => e.state === 'scheduled' && goesOut(e));
    const toApprove = scheduled.filter((e) => !e.approved).length;
    const rejected = es.length - es.filter(goesOut).length;
    return (
      `${label(charter, n)} : ${es.filter((e) => e.state === 'published').length} ${fr ? 'publiés' : 'published'}, ${scheduled.length} ${fr ? 'programmés' : 'scheduled'}` +
      (toApprove ? (fr ? ` (dont ${toApprove} à approuver)` : ` (${toApprove} to approve)`) : '') +
      (rejected ? (fr ? `, ${rejected} refusé(s)` : `, ${rejected} rejected`) : '')
    );
  });
  b.push({ kind: 'ul', items: counts });
  b.push({ kind: 'h', level: 2, text: fr ? 'Rythme (règle cadence)' : 'Cadence (rule cadence)' });
  b.push(
    cal.gaps.length
      ? {
          kind: 'ul',
          items: cal.gaps.map((g) => {
            const period = periodIn(periodOf(g.from, g.to, cal.timezone), cal.timezone, lang);
            return fr ? `⚠ ${label(charter, g.network)} : ${g.days} jours sans billet ${period} (la charte en prévoit au plus ${g.max}).` : `⚠ ${label(charter, g.network)}: ${g.days} days without a post ${period} (the charter allows at most ${g.max}).`;
          }),
        }
      : { kind: 'p', text: fr ? 'Aucun trou : chaque réseau garde son rythme.' : 'No gap: every network keeps its cadence.' },
  );
  if (cal.outsideWindow.length) {
    const w = charter.schedule?.window;
    const days = cal.outsideWindow.map((d) => dayIn(d, cal.timezone, lang, cal.month.slice(0, 4))).join(', ');
    b.push({ kind: 'p', text: fr ? `⚠ Jours avec un billet hors des heures de publication${w ? ` (${w.from}–${w.to})` : ''} : ${days}.` : `⚠ Days with a post outside publication hours${w ? ` (${w.from}–${w.to})` : ''}: ${days}.` });
  }
  if (cal.xCost) {
    const c = cal.xCost;
    b.push({ kind: 'h', level: 2, text: fr ? 'Coût X du mois' : "Month's X cost" });
    b.push({
      kind: 'p',
      text:
        (fr
          ? `**${formatCost(c.total, c.currency, lang)}** : ${formatCost(c.published, c.currency, lang)} déjà publiés, ${formatCost(c.scheduled, c.currency, lang)} programmés${c.pending ? ` (dont ${formatCost(c.pending, c.currency, lang)} pas encore approuvés)` : ''}.`
          : `**${formatCost(c.total, c.currency, lang)}**: ${formatCost(c.published, c.currency, lang)} published, ${formatCost(c.scheduled, c.currency, lang)} scheduled${c.pending ? ` (${formatCost(c.pending, c.currency, lang)} of it not approved yet)` : ''}.`) +
        (c.budget !== undefined ? (fr ? ` Budget mensuel : ${formatCost(c.budget, c.currency, lang)}${c.total > c.budget ? ' — ⚠ dépassé.' : '.'}` : ` Monthly budget: ${formatCost(c.budget, c.currency, lang)}${c.total > c.budget ? ' — ⚠ exceeded.' : '.'}`) : ''),
    });
  }
  if (cal.unscheduled.length) {
    b.push({ kind: 'h', level: 2, text: fr ? 'Sans date (partent dès l’approbation)' : 'Without a date (go out once approved)' });
    b.push({ kind: 'ul', items: cal.unscheduled.map((u) => `\`${u.post}\` — ${u.networks.map((n) => label(charter, n)).join(', ')}`) });
  }
  return b;
}
