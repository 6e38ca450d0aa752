import type { PostData } from '../post/types.js';
import { defineRule } from './types.js';

function valueAt(data: PostData, field: string): unknown {
  let cur: unknown = data;
  for (const seg of field.split('.')) cur = (cur as Record<string, unknown> | undefined)?.[seg];
  return cur;
}

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (typeof v === 'string') return v.trim() === '';
  if (Array.isArray(v)) return v.length === 0;
  return false;
}

export default defineRule({
  meta: {
    id: 'required-fields',
    defaultSeverity: 'error',
    description: {
      fr: 'Les champs exigés par le type (requires) sont présents et non vides ; un texte est toujours exigé, sauf pour un relais avec share.',
      en: 'Fields the type requires are present and not empty; a text is always required, except a relay with share.',
    },
    messages: {
      missing: {
        fr: 'Le type « {{type}} » exige le champ « {{field}} ».',
        en: 'Type "{{type}}" requires the field "{{field}}".',
      },
      empty: {
        fr: 'Le champ « {{field}} » est vide, alors que le type « {{type}} » l’exige.',
        en: 'Field "{{field}}" is empty, but type "{{type}}" requires it.',
      },
      noText: {
        fr: 'Le billet n’a pas de texte (champ « text »).',
        en: 'The post has no text ("text" field).',
      },
    },
  },
  check(ctx) {
    const { data } = ctx.post;
    const type = ctx.charter.types[data.type];
    if (!type) return;
    for (const field of type.requires ?? []) {
      const v = valueAt(data, field);
      if (v === undefined) ctx.report({ messageId: 'missing', path: field.split('.').slice(0, -1), data: { field, type: data.type } });
      else if (isEmpty(v)) ctx.report({ messageId: 'empty', path: field.split('.'), data: { field, type: data.type } });
    }
    // A relay may consist of the shared post alone; every other post needs words of its own.
    if (data.text === undefined && !(data.share && type.requires?.includes('share'))) {
      const hasVariantText = Object.values(data.variants ?? {}).some((v) => v?.text?.trim());
      if (!hasVariantText) ctx.report({ messageId: 'noText', path: [] });
    }
  },
});
