// The period a letter covers, from --from / --to (a fortnight by default, SPEC §14).
import { ExitCode, LmPostError } from '../errors.js';
import { fortnightOf, isCalendarDate, type Period, periodOf, todayIn } from './dates.js';

function dateArg(v: string, flag: string): string {
  if (!isCalendarDate(v)) {
    throw new LmPostError('bad-date', { fr: '{{flag}} « {{v}} » : date AAAA-MM-JJ attendue (ex. 2026-11-30).', en: '{{flag}} "{{v}}": a YYYY-MM-DD date expected (e.g. 2026-11-30).' }, { flag, v }, ExitCode.usage);
  }
  return v;
}

export function letterPeriod(opts: { from?: string | undefined; to?: string | undefined }, cfg: Parameters<typeof fortnightOf>[1], tz: string, now: Date): Period {
  const from = opts.from ? dateArg(opts.from, '--from') : undefined;
  const to = opts.to ? dateArg(opts.to, '--to') : undefined;
  if (from && to) {
    if (to < from) throw new LmPostError('bad-period', { fr: '--to ({{to}}) précède --from ({{from}}).', en: '--to ({{to}}) is before --from ({{from}}).' }, { from, to }, ExitCode.usage);
    return periodOf(from, to, tz);
  }
  return fortnightOf(from ?? to ?? todayIn(now, tz), cfg, tz);
}
