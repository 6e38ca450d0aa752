// `schema`: YAML syntax and the post's structure. Unlike other rules it runs at read time,
// before the post has a typed value; when it reports an error no other rule runs on the file.
import { FRENCH_DATE_MESSAGE, readFrenchDate } from '../post/french-date.js';
import type { ValidateFunction } from 'ajv';
import type { Bilingual } from '../i18n/index.js';
import { POST_SCHEMA } from '../post/schema.js';
import type { PostData } from '../post/types.js';
import { explainErrors, humanPath, validatorFor } from '../schema/ajv.js';
import { parseDateTime } from '../util/time.js';
import { isPair, isScalar, isSeq, visit } from 'yaml';
import { type FieldPath, type ParsedYaml, type Span, spanAt } from '../util/yaml.js';
import { YAML_MESSAGES } from '../util/yaml-messages.js';
import { defineRule } from './types.js';

export const SYNTAX_MESSAGES = {
  syntax: {
    fr: 'Le lecteur YAML n’a pas pu lire ce fichier : vérifiez l’indentation (des espaces) et mettez les textes entre guillemets doubles ("…").',
    en: 'The YAML reader could not read this file: check the indentation (spaces) and put texts between double quotes ("…").',
  },
  ...YAML_MESSAGES,
  'alias-bomb': {
    fr: 'Trop d’alias YAML (*nom) : un billet n’en a pas besoin ; écrivez les valeurs en clair.',
    en: 'Too many YAML aliases (*name): a post does not need them; write the values out.',
  },
  'too-deep': {
    fr: 'Imbrication bien trop profonde pour un billet ou une charte.',
    en: 'Nesting far too deep for a post or a charter.',
  },
  'too-large': {
    fr: 'Fichier trop gros ({{detail}} Ko) : un billet fait quelques kilo-octets, les images vont dans queue/media/.',
    en: 'File too large ({{detail}} KB): a post is a few kilobytes; images go in queue/media/.',
  },
  symlink: {
    fr: 'Ce billet est un lien vers un fichier hors du dossier des billets : il n’est ni lu ni publié. Copiez le fichier dans la file.',
    en: 'This post is a link to a file outside the queue folder: it is neither read nor published. Copy the file into the queue.',
  },
  'bad-id': {
    fr: 'Nom de fichier « {{id}} » : l’identifiant d’un billet s’écrit en minuscules sans accent, chiffres et tirets (ex. 2026-12-03-jeudiwe-compost.yaml).',
    en: 'File name "{{id}}": a post id is written in lowercase without accents, digits and hyphens (e.g. 2026-12-03-jeudiwe-compost.yaml).',
  },
  'hashtag-comment': {
    fr: 'La valeur de « {{field}} » s’arrête avant « #{{tag}} » : en YAML, « # » après une espace commence un commentaire. Écrivez « {{key}}: | » puis le texte à la ligne, indenté, ou mettez-le entre guillemets doubles ("…").',
    en: 'The value of "{{field}}" stops before "#{{tag}}": in YAML, "#" after a space starts a comment. Write "{{key}}: |" and the text on the next line, indented, or put it between double quotes ("…").',
  },
  binary: {
    fr: 'Ce fichier n’est pas du texte UTF-8 ({{detail}}) : enregistrez-le en UTF-8.',
    en: 'This file is not UTF-8 text ({{detail}}): save it as UTF-8.',
  },
  bom: {
    fr: 'Le fichier commence par une marque d’ordre des octets (BOM) : enregistrez-le en « UTF-8 sans BOM ».',
    en: 'The file starts with a byte order mark (BOM): save it as "UTF-8 without BOM".',
  },
  crlf: {
    fr: 'Fins de ligne Windows (CRLF, {{count}} ligne(s)) : enregistrez le fichier avec des fins de ligne LF (Unix) ; dans la plupart des éditeurs, c’est un réglage en bas à droite de la fenêtre.',
    en: 'Windows line endings (CRLF, {{count}} line(s)): save the file with LF (Unix) line endings; most editors have this setting at the bottom right of the window.',
  },
  empty: {
    fr: 'Fichier vide : un billet est un ensemble de champs (type:, author:, text:…).',
    en: 'Empty file: a post is a set of fields (type:, author:, text:…).',
  },
  list: {
    fr: 'Un billet est un ensemble de champs (type:, author:, text:…), pas une liste.',
    en: 'A post is a set of fields (type:, author:, text:…), not a list.',
  },
  'not-a-map': {
    fr: 'Un billet est un ensemble de champs (type:, author:, text:…), pas le texte « {{detail}} ».',
    en: 'A post is a set of fields (type:, author:, text:…), not the text "{{detail}}".',
  },
  'bad-date': {
    fr: '« {{field}} » n’est pas une date réelle : « {{value}} » (exemple : 2026-12-01T10:00:00+01:00).',
    en: '"{{field}}" is not a real date: "{{value}}" (example: 2026-12-01T10:00:00+01:00).',
  },
  structure: { fr: '{{text}}', en: '{{text}}' },
} as const satisfies Record<string, Bilingual>;

export default defineRule({
  meta: {
    id: 'schema',
    defaultSeverity: 'error',
    alwaysOn: true,
    description: {
      fr: 'Syntaxe YAML et structure du billet (types des champs, champs inconnus).',
      en: 'YAML syntax and post structure (field types, unknown fields).',
    },
    messages: SYNTAX_MESSAGES,
  },
  // Runs through validatePost at read time (see lint/engine.ts).
  check() {},
});

export interface SchemaReport {
  messageId: keyof typeof SYNTAX_MESSAGES;
  /** Either a path (mapped to a position) or a span already known (syntax errors). */
  path?: FieldPath;
  span?: Span;
  key?: boolean;
  /** For `structure`: a bilingual message from the schema explainer. */
  msg?: Bilingual;
  data: Record<string, unknown>;
}

let validator: ValidateFunction | undefined;

/** Ids checked against the charter by their own rules, with suggestions. */
const ID_FIELDS = new Set(['/type', '/author']);

const DATE_FIELDS: FieldPath[] = [['publish_at'], ['event', 'starts'], ['event', 'ends']];
const FRENCH_DATE_PATHS = new Set(['/publish_at', '/event/starts', '/event/ends']);


/** Validate a parsed post; returns the typed value when it is structurally sound. */
export function validatePost(parsed: ParsedYaml): { data?: PostData; reports: SchemaReport[] } {
  if (parsed.problems.length) {
    return {
      reports: parsed.problems.map((p) => ({
        messageId: (p.code in SYNTAX_MESSAGES ? p.code : 'syntax') as keyof typeof SYNTAX_MESSAGES,
        span: { line: p.line, column: p.column, ...(p.endLine ? { endLine: p.endLine, endColumn: p.endColumn } : {}) },
        data: { detail: p.detail, ...p.data },
      })),
    };
  }
  const reports: SchemaReport[] = [];
  const v = parsed.value;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    if (v === null || v === undefined) return { reports: [{ messageId: 'empty', path: [], data: {} }] };
    if (Array.isArray(v)) return { reports: [{ messageId: 'list', path: [], data: {} }] };
    return { reports: [{ messageId: 'not-a-map', path: [], data: { detail: String(v).slice(0, 40) } }] };
  }
  // `text: … #Lyon7` — the hashtag became a YAML comment and the text silently lost its end.
  // A comment glued to its # right after a plain scalar is almost always such a hashtag.
  if (parsed.doc) {
    visit(parsed.doc, {
      Scalar(_key, node, ancestors) {
        if (node.type !== 'PLAIN' || typeof node.comment !== 'string' || !/^[^\s#]/.test(node.comment) || !node.range) return;
        const hash = parsed.source.indexOf('#', node.range[1]);
        const tag = /^[^\s]+/.exec(node.comment)?.[0] ?? node.comment;
        // The field that holds it (alt, event.name…), named as people say it.
        const fieldPath: (string | number)[] = [];
        for (let i = 1; i < ancestors.length; i++) {
          const a = ancestors[i];
          const parent = ancestors[i - 1];
          if (isPair(a) && isScalar(a.key)) fieldPath.push(String(a.key.value));
          else if (isSeq(parent)) fieldPath.push(parent.items.indexOf(a as never));
        }
        const last = ancestors[ancestors.length - 1];
        if (isSeq(last)) fieldPath.push(last.items.indexOf(node));
        const key = String(fieldPath.filter((s) => typeof s === 'string').pop() ?? 'text');
        reports.push({
          messageId: 'hashtag-comment',
          span: spanAt(parsed.lineCounter, hash < 0 ? node.range[1] : hash),
          data: { tag, key, field: { fr: humanPath(fieldPath, 'fr'), en: humanPath(fieldPath, 'en') } },
        });
      },
    });
  }
  // A hashtag swallowed by YAML explains the type errors it causes (`text: #Lyon7 …` is empty).
  if (reports.length) return { reports };
  validator ??= validatorFor('post', () => POST_SCHEMA);
  // `type: Événement`, `author: Yanis`: an id written the French way is not a structural error;
  // type-known and author-allowed compare it with the charter and suggest the right id.
  const all = (validator(v) ? [] : (validator.errors ?? [])).filter((e) => !(e.keyword === 'pattern' && ID_FIELDS.has(e.instancePath)));
  // SPEC §17: a date written by hand the French way is read back and the ISO form to write given.
  const french: SchemaReport[] = [];
  const errors = all.filter((e) => {
    if (e.keyword !== 'pattern' || !FRENCH_DATE_PATHS.has(e.instancePath)) return true;
    const path = e.instancePath.split('/').slice(1);
    const value = path.reduce<unknown>((cur, k) => (cur as Record<string, unknown> | undefined)?.[k], v);
    const d = typeof value === 'string' ? readFrenchDate(value) : undefined;
    if (!d || (path[0] === 'publish_at' && !d.hasTime)) return true;
    french.push({ messageId: 'structure', path, msg: FRENCH_DATE_MESSAGE, data: { field: path.join('.'), value, read: { fr: d.fr, en: d.en }, iso: d.iso } });
    return false;
  });
  if (errors.length || french.length) {
    return {
      reports: [...french, ...explainErrors(errors, v).map((p): SchemaReport => ({
        messageId: 'structure',
        path: p.path,
        key: p.key,
        msg: p.msg,
        data: p.data,
      }))],
    };
  }
  for (const p of DATE_FIELDS) {
    let cur: unknown = v;
    for (const seg of p) cur = (cur as Record<string, unknown> | undefined)?.[seg as string];
    if (typeof cur === 'string' && !parseDateTime(cur, 'UTC')) {
      reports.push({ messageId: 'bad-date', path: p, data: { field: p.join('.'), value: cur } });
    }
  }
  return reports.length ? { reports } : { data: v as PostData, reports };
}
