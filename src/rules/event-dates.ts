import { parseDateTime } from '../util/time.js';
import { defineRule } from './types.js';

export default defineRule({
  meta: {
    id: 'event-dates',
    defaultSeverity: 'error',
    description: {
      fr: 'Un événement commence avant de finir ; un billet « evenement » est publié avant le début de l’événement.',
      en: 'An event starts before it ends; an "evenement" post is published before the event starts.',
    },
    messages: {
      endsBeforeStart: {
        fr: 'L’événement finit ({{ends}}) avant de commencer ({{starts}}).',
        en: 'The event ends ({{ends}}) before it starts ({{starts}}).',
      },
      publishedAfterStart: {
        fr: 'Ce billet annonce un événement mais serait publié après son début ({{starts}}) : avancez publish_at.',
        en: 'This post announces an event but would go out after it starts ({{starts}}): move publish_at earlier.',
      },
      alreadyStarted: {
        fr: 'L’événement a déjà commencé ({{starts}}) : ce billet d’annonce arrive trop tard.',
        en: 'The event has already started ({{starts}}): this announcement comes too late.',
      },
    },
  },
  check(ctx) {
    const { data } = ctx.post;
    const tz = ctx.charter.timezone;
    const starts = data.event?.starts ? parseDateTime(data.event.starts, tz) : undefined;
    const ends = data.event?.ends ? parseDateTime(data.event.ends, tz) : undefined;
    if (starts && ends && ends <= starts) {
      ctx.report({ messageId: 'endsBeforeStart', path: ['event', 'ends'], data: { starts: data.event!.starts, ends: data.event!.ends } });
    }
    if (data.type !== 'evenement' || !starts) return;
    const shownStart = data.event!.starts!;
    const at = data.publish_at ? parseDateTime(data.publish_at, tz) : undefined;
    const published = data.published && Object.keys(data.published).length > 0;
    if (at && at >= starts) ctx.report({ messageId: 'publishedAfterStart', path: ['publish_at'], data: { starts: shownStart } });
    else if (!at && !published && ctx.now >= starts) ctx.report({ messageId: 'alreadyStarted', path: ['event', 'starts'], data: { starts: shownStart } });
  },
});
