import { closest } from '../util/suggest.js';
import { defineRule } from './types.js';

export default defineRule({
  meta: {
    id: 'author-allowed',
    defaultSeverity: 'error',
    description: {
      fr: 'L’auteur·e est une personne de la charte dont le groupe peut écrire ce type.',
      en: 'The author is a charter person whose group may write this type.',
    },
    messages: {
      unknown: {
        fr: 'Auteur·e inconnu·e « {{author}} » : écrivez l’identifiant d’une personne de la charte, en minuscules sans accent (ex. author: {{example}}), ou ajoutez la personne dans people de la charte.',
        en: 'Unknown author "{{author}}": write the id of a person of the charter, lowercase without accents (e.g. author: {{example}}), or add the person to the charter\'s people.',
      },
      didYouMean: {
        fr: 'Auteur·e inconnu·e « {{author}} » : vouliez-vous dire {{suggestion}} ? Une personne s’écrit par son identifiant de la charte, en minuscules sans accent (ex. author: {{suggestion}}).',
        en: 'Unknown author "{{author}}": did you mean {{suggestion}}? A person is written by their charter id, lowercase without accents (e.g. author: {{suggestion}}).',
      },
      notAllowed: {
        fr: '« {{author}} » ({{group}}) ne peut pas écrire de billet « {{type}} ». Types permis à ce groupe : {{types}}.',
        en: '"{{author}}" ({{group}}) may not write "{{type}}" posts. Types allowed to this group: {{types}}.',
      },
    },
  },
  check(ctx) {
    const { author, type } = ctx.post.data;
    const person = ctx.charter.people.find((p) => p.id === author);
    if (!person) {
      const suggestion = closest(author, ctx.charter.people.map((p) => p.id));
      if (suggestion) ctx.report({ messageId: 'didYouMean', path: ['author'], data: { author, suggestion } });
      else ctx.report({ messageId: 'unknown', path: ['author'], data: { author, example: ctx.charter.people[0]?.id ?? 'camille' } });
      return;
    }
    const group = ctx.charter.groups[person.group];
    if (!group || !ctx.charter.types[type]) return; // unknown type is type-known's report
    if (group.types !== '*' && !group.types.includes(type)) {
      ctx.report({
        messageId: 'notAllowed',
        path: ['author'],
        data: { author, group: group.label, type, types: group.types.join(', ') || '—' },
      });
    }
  },
});
