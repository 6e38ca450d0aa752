// The time lm-post judges schedules by (publication times, staleness of approvals, event
// windows, the calendar). `LM_POST_NOW` (an ISO date-time with offset) sets it for training
// sessions, demos and tests that work on a dated example queue; without it, the real clock.
// Journal and receipt timestamps always use the real clock.
import { LmPostError } from '../errors.js';

/** LM_POST_NOW from the project's .env (set once per CLI run by main.ts); the environment wins. */
let fromDotEnv: string | undefined;
export function setNowFromDotEnv(v: string | undefined): void {
  fromDotEnv = v;
}

/** Date.parse rolls impossible values over (2026-02-30 → 2 March, T24:00 → next day): refuse them, as publish_at does. */
function realDateTime(v: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|([+-])(\d{2}):(\d{2}))$/.exec(v);
  if (!m) return NaN;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth || h > 23 || mi > 59 || s > 59) return NaN;
  if (m[9] && (Number(m[10]) > 14 || Number(m[11]) > 59)) return NaN;
  return Date.parse(v);
}

export function currentTime(env: NodeJS.ProcessEnv = process.env): Date {
  const v = env.LM_POST_NOW ?? (env === process.env ? fromDotEnv : undefined);
  if (v === undefined || v === '') return new Date();
  const t = realDateTime(v);
  if (Number.isNaN(t)) {
    throw new LmPostError('bad-now', {
      fr: 'LM_POST_NOW doit être une date et heure ISO avec décalage, par exemple 2026-11-30T09:00:00+01:00 (reçu « {{v}} »).',
      en: 'LM_POST_NOW must be an ISO date-time with offset, for example 2026-11-30T09:00:00+01:00 (got "{{v}}").',
    }, { v: v.slice(0, 60) });
  }
  return new Date(t);
}
