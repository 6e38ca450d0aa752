import { dateTimeInBoth, parseDateTime } from '../util/time.js';
import { eventEnd } from '../workflow/event-end.js';
import { defineRule } from './types.js';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export default defineRule({
  meta: {
    id: 'event-dates',
    defaultSeverity: 'error',
    description: {
      fr: 'Un événement commence avant de finir ; un billet « evenement » part avant le début de l’événement ; un billet « presence » ou « livetweet » ne part plus une fois l’événement fini (à check, approve et publish) ; une date sans heure est signalée.',
      en: 'An event starts before it ends; an "evenement" post goes out before the event starts; a "presence" or "livetweet" post no longer goes out once the event is over (at check, approve and publish); a date without a time is pointed out.',
    },
    messages: {
      endsBeforeStart: {
        fr: 'L’événement finit le {{ends}}, avant de commencer le {{starts}}.',
        en: 'The event ends on {{ends}}, before it starts on {{starts}}.',
      },
      publishedAfterStart: {
        fr: 'Ce billet annonce un événement mais serait publié après son début ({{starts}}) : avancez publish_at.',
        en: 'This post announces an event but would go out after it starts ({{starts}}): move publish_at earlier.',
      },
      alreadyStarted: {
        fr: 'L’événement a déjà commencé ({{starts}}) : ce billet d’annonce partirait maintenant, trop tard. Changez la date de l’événement ou retirez le billet.',
        en: 'The event has already started ({{starts}}): this announcement would go out now, too late. Change the event date or withdraw the post.',
      },
      publishedAfterEnd: {
        fr: 'Ce billet parle d’un événement en cours mais serait publié après sa fin ({{ends}}) : avancez publish_at (lm-post reschedule) ou retirez-le (lm-post withdraw).',
        en: 'This post is about an event under way but would go out after it ends ({{ends}}): move publish_at earlier (lm-post reschedule) or withdraw it (lm-post withdraw).',
      },
      eventOver: {
        fr: 'L’événement est fini ({{ends}}) : ce billet n’a plus de sens et ne partira pas. Retirez-le (lm-post withdraw {{id}} --note "…"), ou corrigez les dates de l’événement.',
        en: 'The event is over ({{ends}}): this post no longer makes sense and will not go out. Withdraw it (lm-post withdraw {{id}} --note "…"), or fix the event dates.',
      },
      dateOnly: {
        fr: '« {{field}} » n’a pas d’heure : elle est lue comme le {{read}}. Ajoutez l’heure, ex. {{example}}.',
        en: '"{{field}}" has no time: it is read as {{read}}. Add the time, e.g. {{example}}.',
      },
    },
  },
  check(ctx) {
    const { data } = ctx.post;
    const tz = ctx.charter.timezone;
    const starts = data.event?.starts ? parseDateTime(data.event.starts, tz) : undefined;
    const ends = data.event?.ends ? parseDateTime(data.event.ends, tz) : undefined;
    for (const field of ['starts', 'ends'] as const) {
      const raw = data.event?.[field];
      const at = field === 'starts' ? starts : ends;
      if (raw && at && DATE_ONLY.test(raw.trim())) {
        ctx.report({
          messageId: 'dateOnly',
          path: ['event', field],
          warnOnly: true,
          data: { field: `event.${field}`, read: dateTimeInBoth(at, tz), example: `${raw.trim()}T19:00` },
        });
      }
    }
    if (starts && ends && ends <= starts) {
      ctx.report({ messageId: 'endsBeforeStart', path: ['event', 'ends'], data: { starts: dateTimeInBoth(starts, tz), ends: dateTimeInBoth(ends, tz) } });
    }
    if (!starts) return;
    const published = data.published && Object.keys(data.published).length > 0;
    if (published) return;
    // SPEC §17: a presence or a live-tweet makes sense only while its event is on.
    if (data.type === 'presence' || data.type === 'livetweet') {
      const end = eventEnd(starts, ends, tz);
      const at = data.publish_at ? parseDateTime(data.publish_at, tz) : undefined;
      const shownEnd = () => ({ ends: dateTimeInBoth(end, tz), id: ctx.post.id });
      if (ctx.now >= end) ctx.report({ messageId: 'eventOver', path: data.event?.ends ? ['event', 'ends'] : ['event', 'starts'], data: shownEnd() });
      else if (at && at >= end) ctx.report({ messageId: 'publishedAfterEnd', path: ['publish_at'], data: shownEnd() });
      return;
    }
    if (data.type !== 'evenement') return;
    // Formatted only for a message (most posts have none).
    const shown = () => ({ starts: dateTimeInBoth(starts, tz) });
    // What matters is when the post would really go out: its publish_at, or now if that is past.
    const at = data.publish_at ? parseDateTime(data.publish_at, tz) : undefined;
    if (at && at >= starts) ctx.report({ messageId: 'publishedAfterStart', path: ['publish_at'], data: shown() });
    else if (ctx.now >= starts) ctx.report({ messageId: 'alreadyStarted', path: ['event', 'starts'], data: shown() });
  },
});
