import { closest } from '../util/suggest.js';
import { textFields } from './util.js';
import { defineRule } from './types.js';

// A raw handle written by hand: @name or @name@instance, not part of an e-mail address.
const RAW_HANDLE = /(^|[^\w@{.])@([A-Za-z0-9_]{1,30})(@[A-Za-z0-9.-]+\.[A-Za-z]{2,})?/g;

export default defineRule({
  meta: {
    id: 'mentions-known',
    defaultSeverity: 'error',
    description: {
      fr: 'Chaque mention {@id} figure dans le carnet d’adresses (accounts) de la charte ; avertit pour les @pseudos écrits à la main.',
      en: 'Every {@id} mention is in the charter\'s address book (accounts); warns about hand-written @handles.',
    },
    messages: {
      unknown: {
        fr: 'Mention inconnue « {@{{id}}} » : ajoutez « {{id}} » dans accounts de la charte ou corrigez l’identifiant.',
        en: 'Unknown mention "{@{{id}}}": add "{{id}}" to the charter\'s accounts or fix the id.',
      },
      didYouMean: {
        fr: 'Mention inconnue « {@{{id}}} » : vouliez-vous dire « {@{{suggestion}}} » ?',
        en: 'Unknown mention "{@{{id}}}": did you mean "{@{{suggestion}}}"?',
      },
      raw: {
        fr: 'Mention écrite à la main « {{handle}} » : elle ne sera pas traduite d’un réseau à l’autre ; utilisez {@id} avec le carnet d’adresses de la charte.',
        en: 'Hand-written mention "{{handle}}": it will not be translated across networks; use {@id} with the charter\'s address book.',
      },
    },
  },
  check(ctx) {
    const accounts = ctx.charter.accounts ?? {};
    for (const f of textFields(ctx.post.data)) {
      for (const m of f.text.matchAll(/\{@([^}]*)\}/g)) {
        const id = m[1] ?? '';
        if (Object.hasOwn(accounts, id)) continue;
        const suggestion = closest(id, Object.keys(accounts));
        if (suggestion) ctx.report({ messageId: 'didYouMean', path: f.path, needle: m[0], at: m.index, data: { id, suggestion } });
        else ctx.report({ messageId: 'unknown', path: f.path, needle: m[0], at: m.index, data: { id } });
      }
      const withoutMentions = f.text.replace(/\{@[^}]*\}/g, (s) => ' '.repeat(s.length));
      // URLs can contain @ (Mastodon profile links): ignore them.
      const withoutUrls = withoutMentions.replace(/\bhttps?:\/\/\S+/g, (s) => ' '.repeat(s.length));
      for (const m of withoutUrls.matchAll(RAW_HANDLE)) {
        const handle = `@${m[2]}${m[3] ?? ''}`;
        ctx.report({ messageId: 'raw', path: f.path, needle: handle, at: m.index + (m[1] ?? '').length, data: { handle }, warnOnly: true });
      }
    }
  },
});
