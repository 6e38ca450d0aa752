import { parseDateTime, wallClock } from '../util/time.js';
import { defineRule } from './types.js';

export default defineRule({
  meta: {
    id: 'publish-window',
    defaultSeverity: 'warn',
    description: {
      fr: 'L’heure de publication (publish_at) tombe dans la plage horaire de la charte, sauf pour les types sans plage (live-tweet).',
      en: 'publish_at falls within the charter\'s publication hours, except for types without a window (live-tweet).',
    },
    messages: {
      outside: {
        fr: 'Publication prévue à {{time}} ({{tz}}), hors de la plage {{from}}–{{to}} de la charte : choisissez une heure où le public est là.',
        en: 'Publication planned at {{time}} ({{tz}}), outside the charter\'s {{from}}–{{to}} window: pick a time when people are there.',
      },
    },
  },
  check(ctx) {
    const { data } = ctx.post;
    const window = ctx.charter.schedule?.window;
    const type = ctx.charter.types[data.type];
    if (!window || !data.publish_at || type?.window === false) return;
    const at = parseDateTime(data.publish_at, ctx.charter.timezone);
    if (!at) return;
    const { time, minutes } = wallClock(at, ctx.charter.timezone);
    const toMin = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
    if (minutes < toMin(window.from) || minutes > toMin(window.to)) {
      ctx.report({ messageId: 'outside', path: ['publish_at'], data: { time, tz: ctx.charter.timezone, from: window.from, to: window.to } });
    }
  },
});
