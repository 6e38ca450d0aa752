import { RuleTester } from '../helpers/rule-tester.js';

/**
 * Lines: 1 type, 2 author, 3 text, 4 publish_at (value 4:13) or event, then event:
 * name, starts (value :11), ends (value :9), place.
 */
const post = (opts: { type?: string; author?: string; at?: string; starts?: string; ends?: string; extra?: string }) =>
  `type: ${opts.type ?? 'evenement'}\nauthor: ${opts.author ?? 'yanis'}\ntext: JeudiWe.\n` +
  (opts.at ? `publish_at: ${opts.at}\n` : '') +
  'event:\n  name: JeudiWe\n' +
  (opts.starts ? `  starts: ${opts.starts}\n` : '') +
  (opts.ends ? `  ends: ${opts.ends}\n` : '') +
  '  place: Locaux Motiv\n' +
  (opts.extra ?? '');

const STARTS = '2026-12-03T19:00:00+01:00';

RuleTester.run('event-dates', {
  valid: [
    { name: 'announced before, ends after it starts', post: post({ at: '2026-12-01T10:00:00+01:00', starts: STARTS, ends: '2026-12-03T21:00:00+01:00' }) },
    { name: 'no publish_at, the event is still to come', post: post({ starts: STARTS }) },
    { name: 'without offsets, in the charter’s zone', post: post({ at: '2026-12-03T18:59', starts: '2026-12-03T19:00', ends: '2026-12-03T19:01' }) },
    {
      name: 'same instant written in two zones is not "ends before"',
      post: post({ starts: '2026-12-03T19:00:00+01:00', ends: '2026-12-03T18:30:00Z' }),
    },
    { name: 'not an evenement: a presence may go out during the event', post: post({ type: 'presence', author: 'malik', at: '2026-12-03T20:00:00+01:00', starts: STARTS }) },
    {
      name: 'already published: a past event is no longer a problem',
      post: post({ starts: '2026-11-20T19:00:00+01:00', extra: 'published:\n  facebook: { id: "1", at: 2026-11-18T10:00:00+01:00 }\n' }),
    },
    { name: 'no starts at all (required-fields reports it)', post: post({ at: '2026-12-01T10:00:00+01:00' }) },
    {
      name: 'a presence during its event (no ends: the start day is its end)',
      post: post({ type: 'presence', author: 'malik', at: '2026-12-05T10:30:00+01:00', starts: '2026-12-05T09:30:00+01:00' }),
      now: '2026-12-05T23:59:00+01:00',
    },
    {
      name: 'an evenement keeps its own rule: a past event with ends is judged by its start only',
      post: post({ at: '2026-12-01T10:00:00+01:00', starts: STARTS, ends: '2026-12-03T21:00:00+01:00' }),
      now: '2026-12-01T09:00:00+01:00',
    },
    {
      name: 'a published presence whose event is over is history, not a problem',
      post: post({ type: 'presence', author: 'malik', starts: '2026-12-05T09:30:00+01:00', ends: '2026-12-05T18:00:00+01:00', extra: 'published:\n  twitter: { id: "1", at: 2026-12-05T10:30:00+01:00 }\n' }),
      now: '2026-12-07T09:00:00+01:00',
    },
  ],
  invalid: [
    {
      name: 'ends before it starts: points at ends',
      post: post({ at: '2026-12-01T10:00:00+01:00', starts: STARTS, ends: '2026-12-03T18:00:00+01:00' }),
      errors: [{ messageId: 'endsBeforeStart', line: 8, column: 9, severity: 2, message: 'The event ends on Thursday, 3 December 2026 at 18:00 (Europe/Paris), before it starts on Thursday, 3 December 2026 at 19:00 (Europe/Paris).' }],
    },
    {
      name: 'ends exactly when it starts',
      post: post({ at: '2026-12-01T10:00:00+01:00', starts: STARTS, ends: STARTS }),
      errors: [{ messageId: 'endsBeforeStart', line: 8, column: 9 }],
    },
    {
      name: 'ends before it starts, on any type; in French, with a UTC end shown in the charter’s zone',
      post: post({ type: 'presence', author: 'malik', starts: STARTS, ends: '2026-12-02T18:00:00Z' }),
      lang: 'fr',
      errors: [{ messageId: 'endsBeforeStart', line: 7, column: 9, message: 'L’événement finit le mercredi 2 décembre 2026 à 19:00 (Europe/Paris), avant de commencer le jeudi 3 décembre 2026 à 19:00 (Europe/Paris).' }],
    },
    {
      name: 'an evenement published after the event starts',
      post: post({ at: '2026-12-03T19:30:00+01:00', starts: STARTS }),
      // The message is not asserted: the date is formatted in French whatever the language (see the report).
      errors: [{ messageId: 'publishedAfterStart', line: 4, column: 13 }],
    },
    {
      name: 'published exactly when it starts',
      post: post({ at: '2026-12-03T18:00:00Z', starts: STARTS }),
      errors: [{ messageId: 'publishedAfterStart', line: 4, column: 13 }],
    },
    {
      name: 'no publish_at and the event has started: points at starts',
      post: post({ starts: '2026-11-28T11:00:00+01:00' }),
      errors: [{ messageId: 'alreadyStarted', line: 6, column: 11 }],
    },
    {
      name: 'publish_at and starts both past: judged by when it would really go out (now), fr',
      post: post({ at: '2026-11-27T10:00:00+01:00', starts: '2026-11-27T19:00:00+01:00' }),
      lang: 'fr',
      errors: [{ messageId: 'alreadyStarted', line: 7, column: 11, severity: 2, message: 'L’événement a déjà commencé (vendredi 27 novembre 2026 à 19:00 (Europe/Paris))' }],
    },
    {
      name: 'publish_at and starts both past: judged by when it would really go out (now), en',
      post: post({ at: '2026-11-27T10:00:00+01:00', starts: '2026-11-27T19:00:00+01:00' }),
      lang: 'en',
      errors: [{ messageId: 'alreadyStarted', line: 7, column: 11, message: 'The event has already started (Friday, 27 November 2026 at 19:00 (Europe/Paris))' }],
    },
    {
      name: 'a date-only start says how it was read (fr, with « 1er »)',
      post: post({ at: '2026-11-29T10:00:00+01:00', starts: '2026-12-01' }),
      lang: 'fr',
      errors: [{ messageId: 'dateOnly', line: 7, column: 11, severity: 1, message: '« event.starts » n’a pas d’heure : elle est lue comme le mardi 1er décembre 2026 à 00:00 (Europe/Paris). Ajoutez l’heure, ex. 2026-12-01T19:00.' }],
    },
    {
      name: 'a date-only start says how it was read (en)',
      post: post({ at: '2026-11-29T10:00:00+01:00', starts: '2026-12-01' }),
      lang: 'en',
      errors: [{ messageId: 'dateOnly', line: 7, column: 11, severity: 1, message: '"event.starts" has no time: it is read as Tuesday, 1 December 2026 at 00:00 (Europe/Paris). Add the time, e.g. 2026-12-01T19:00.' }],
    },
    {
      name: 'both problems at once',
      post: post({ at: '2026-12-04T10:00:00+01:00', starts: STARTS, ends: '2026-12-03T18:00:00+01:00' }),
      errors: [
        { messageId: 'publishedAfterStart', line: 4, column: 13 },
        { messageId: 'endsBeforeStart', line: 8, column: 9 },
      ],
    },
    {
      name: 'a presence whose event ended yesterday: an error at ends (fr)',
      post: post({ type: 'presence', author: 'malik', at: '2026-12-05T10:30:00+01:00', starts: '2026-12-05T09:30:00+01:00', ends: '2026-12-05T18:00:00+01:00' }),
      now: '2026-12-06T09:00:00+01:00',
      lang: 'fr',
      errors: [{ messageId: 'eventOver', line: 8, column: 9, severity: 2, message: 'L’événement est fini (samedi 5 décembre 2026 à 18:00 (Europe/Paris)) : ce billet n’a plus de sens et ne partira pas. Retirez-le (lm-post withdraw post --note "…"), ou corrigez les dates de l’événement.' }],
    },
    {
      name: 'a livetweet without ends is over at the end of its start day (points at starts)',
      post: post({ type: 'livetweet', author: 'malik', starts: '2026-12-05T09:30:00+01:00' }),
      now: '2026-12-06T00:00:00+01:00',
      lang: 'en',
      errors: [{ messageId: 'eventOver', line: 6, column: 11, message: 'The event is over (Sunday, 6 December 2026 at 00:00 (Europe/Paris))' }],
    },
    {
      name: 'a presence scheduled after its event ends',
      post: post({ type: 'presence', author: 'malik', at: '2026-12-05T19:00:00+01:00', starts: '2026-12-05T09:30:00+01:00', ends: '2026-12-05T18:00:00+01:00' }),
      errors: [{ messageId: 'publishedAfterEnd', line: 4, column: 13 }],
    },
    {
      name: 'warn in the charter gives severity 1',
      post: post({ at: '2026-12-04T10:00:00+01:00', starts: STARTS }),
      charter: (c) => (c.rules!['event-dates'] = 'warn'),
      errors: [{ messageId: 'publishedAfterStart', line: 4, column: 13, severity: 1 }],
    },
  ],
});
