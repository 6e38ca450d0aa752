// The time lm-post judges schedules by (publication times, staleness of approvals, event
// windows, the calendar). `LM_POST_NOW` (an ISO date-time with offset) sets it for training
// sessions, demos and tests that work on a dated example queue; without it, the real clock.
// Journal and receipt timestamps always use the real clock.
import { LmPostError } from '../errors.js';

export function currentTime(env: NodeJS.ProcessEnv = process.env): Date {
  const v = env.LM_POST_NOW;
  if (v === undefined || v === '') return new Date();
  const t = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v) ? Date.parse(v) : NaN;
  if (Number.isNaN(t)) {
    throw new LmPostError('bad-now', {
      fr: 'LM_POST_NOW doit être une date et heure ISO avec décalage, par exemple 2026-11-30T09:00:00+01:00 (reçu « {{v}} »).',
      en: 'LM_POST_NOW must be an ISO date-time with offset, for example 2026-11-30T09:00:00+01:00 (got "{{v}}").',
    }, { v: v.slice(0, 60) });
  }
  return new Date(t);
}
