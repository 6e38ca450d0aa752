// One Ajv setup for every schema of ours: no $data, all errors, bounded strings in the schemas
// themselves. Errors are turned into field paths + bilingual messages, never shown raw.
import { printable } from '../util/printable.js';
import { createRequire } from 'node:module';
import type { Ajv as AjvClass, ErrorObject, ValidateFunction } from 'ajv';
import type { Bilingual } from '../i18n/index.js';
import { closest } from '../util/suggest.js';
import type { FieldPath } from '../util/yaml.js';

// Validators compiled at build time (scripts/build-validators.mjs); absent when running from
// sources (tests), where the schemas are compiled on first use instead.
const precompiled = (await import(new URL('./validators.js', import.meta.url).href).catch(() => undefined)) as
  | Record<string, ValidateFunction>
  | undefined;

/** The validator for one of our schemas: precompiled when built, compiled otherwise. */
export function validatorFor(name: 'post' | 'charter', schema: () => object): ValidateFunction {
  return precompiled?.[name] ?? compile(schema());
}

export function compile(schema: object): ValidateFunction {
  // Loaded only here: built CLIs use the precompiled validators and never pay for ajv itself.
  const { Ajv } = createRequire(import.meta.url)('ajv') as { Ajv: typeof AjvClass };
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true, $data: false });
  // Annotation keywords our schemas carry for editors (yaml-language-server).
  ajv.addKeyword('markdownDescription');
  return ajv.compile(schema);
}

export interface SchemaProblem {
  path: FieldPath;
  /** Point at the key rather than the value (unknown fields). */
  key: boolean;
  msg: Bilingual;
  data: Record<string, unknown>;
}

function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

const TYPE_NAMES: Record<string, Bilingual> = {
  string: { fr: 'un texte', en: 'a string' },
  number: { fr: 'un nombre', en: 'a number' },
  integer: { fr: 'un nombre entier', en: 'an integer' },
  boolean: { fr: 'true ou false', en: 'true or false' },
  array: { fr: 'une liste', en: 'a list' },
  object: { fr: 'un ensemble de champs (clé: valeur)', en: 'a mapping (key: value)' },
  null: { fr: 'vide', en: 'empty' },
};

/** Field names French speakers naturally write, mapped to the format's (English) names. */
const FRENCH_FIELDS: Record<string, string> = {
  lien: 'link',
  auteur: 'author',
  auteure: 'author',
  autrice: 'author',
  texte: 'text',
  image: 'media',
  images: 'media',
  medias: 'media',
  date: 'publish_at',
  publication: 'publish_at',
  evenement: 'event',
  nom: 'name',
  debut: 'starts',
  fin: 'ends',
  lieu: 'place',
  partage: 'share',
  fil: 'thread',
  reseaux: 'networks',
  variantes: 'variants',
  fichier: 'file',
  description: 'alt',
};

/** What a well-formed value looks like, by field name (schemas carry French descriptions for editors). */
function hintFor(path: readonly (string | number)[]): Bilingual {
  const last = String(path[path.length - 1] ?? '');
  if (['publish_at', 'starts', 'ends'].includes(last)) {
    return { fr: 'Exemple : 2026-12-01T10:00:00+01:00 (sans décalage : heure de Paris).', en: 'Example: 2026-12-01T10:00:00+01:00 (without offset: the charter\'s time zone).' };
  }
  if (['email'].includes(last)) return { fr: 'Adresse électronique, ex. contact@exemple.org (sans espace ni retour à la ligne).', en: 'Email address, e.g. contact@example.org (no spaces or line breaks).' };
  if (['link', 'share', 'url', 'instance', 'unsubscribe'].includes(last)) return { fr: 'Exemple : https://exemple.org/agenda', en: 'Example: https://example.org/agenda' };
  if (['from', 'to'].includes(last)) return { fr: 'Exemple : 08:00', en: 'Example: 08:00' };
  if (last === 'twitter') return { fr: 'Identifiant X sans @, ex. CompostLyon', en: 'X handle without @, e.g. CompostLyon' };
  if (last === 'mastodon') return { fr: 'Adresse @utilisateur@instance', en: 'Address @user@instance' };
  if (last === 'hashtags' || typeof path[path.length - 1] === 'number') return { fr: 'Sans espace ni #.', en: 'Without spaces or #.' };
  // An example of the right kind: a person for people, a type for types, a plain id otherwise.
  if (['author', 'by', 'id'].includes(last)) return { fr: 'Identifiant de personne : minuscules sans accent, chiffres, - et _ (ex. camille).', en: 'Person id: lowercase without accents, digits, - and _ (e.g. camille).' };
  if (['type', 'types'].includes(last) || path.includes('types')) return { fr: 'Identifiant de type : minuscules sans accent, chiffres, - et _ (ex. evenement, vie-membres).', en: 'Type id: lowercase without accents, digits, - and _ (e.g. evenement, vie-membres).' };
  return { fr: 'Identifiant : minuscules sans accent, chiffres, - et _ (ex. jeudiwe-compost).', en: 'Id: lowercase without accents, digits, - and _ (e.g. jeudiwe-compost).' };
}

/** Nouns for the items of a list field, so « media.0 » reads « la 1re image ». */
const ITEM_NOUNS: Record<string, { fr: string; feminine: boolean; en: string }> = {
  media: { fr: 'image', feminine: true, en: 'image' },
  thread: { fr: 'message du fil', feminine: false, en: 'thread post' },
};

function ordinal(n: number, lang: 'fr' | 'en', feminine: boolean): string {
  if (lang === 'fr') return n === 1 ? (feminine ? '1re' : '1er') : `${n}e`;
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${s}`;
}

/**
 * A field path as people say it: `event.name` stays as written, but list indexes become words
 * (« alt de la 1re image », "alt of the 2nd image of the 1st thread post").
 */
export function humanPath(path: readonly (string | number)[], lang: 'fr' | 'en'): string {
  // Only lists people name (images, thread posts) are said in words; others stay as written.
  const named = path.every((s, i) => typeof s !== 'number' || ITEM_NOUNS[String(path[i - 1])]);
  if (!path.some((s) => typeof s === 'number') || !named) return path.join('.');
  let desc = '';
  let pending: string[] = [];
  const of = (d: string) => (lang === 'en' ? `of ${d}` : d.startsWith('le ') ? `du ${d.slice(3)}` : `de ${d}`);
  for (const seg of path) {
    if (typeof seg !== 'number') {
      pending.push(seg);
      continue;
    }
    const owner = pending.pop() ?? '';
    const noun = ITEM_NOUNS[owner];
    const nth = ordinal(seg + 1, lang, noun?.feminine ?? false);
    let item =
      lang === 'fr'
        ? noun ? `${noun.feminine ? 'la' : 'le'} ${nth} ${noun.fr}` : `le ${nth} élément de ${owner}`
        : noun ? `the ${nth} ${noun.en}` : `the ${nth} item of ${owner}`;
    if (pending.length) item += ` ${of(pending.join('.'))}`;
    desc = desc ? `${item} ${of(desc)}` : item;
    pending = [];
  }
  return pending.length ? `${pending.join('.')} ${of(desc)}` : desc;
}

function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/**
 * ajv reports every branch of an anyOf. Keep the branch that fits the value's shape (no type
 * mismatch at the value itself), preferring the one whose errors go deepest: that is what the
 * writer meant. With no such branch, the anyOf itself is reported.
 */
function collapseAnyOf(errors: readonly ErrorObject[]): ErrorObject[] {
  let kept = [...errors];
  for (const a of errors.filter((e) => e.keyword === 'anyOf')) {
    const prefix = `${a.schemaPath}/`;
    const inBranches = kept.filter((e) => e.schemaPath.startsWith(prefix));
    const branches = new Map<string, ErrorObject[]>();
    for (const e of inBranches) {
      const b = e.schemaPath.slice(prefix.length).split('/')[0] ?? '';
      branches.set(b, [...(branches.get(b) ?? []), e]);
    }
    const fitting = [...branches.values()].filter((list) => !list.some((e) => e.keyword === 'type' && e.instancePath === a.instancePath));
    const depth = (list: ErrorObject[]) => Math.max(...list.map((e) => e.instancePath.length));
    fitting.sort((x, y) => depth(y) - depth(x) || x.length - y.length);
    const best = fitting[0];
    kept = kept.filter((e) => !inBranches.includes(e) && (e !== a || !best));
    if (best) kept.push(...best);
  }
  return kept;
}

/** What a keyword's message builder needs: the error, its params, where it is and what is there. */
interface ProblemContext {
  e: ErrorObject;
  p: Record<string, unknown>;
  path: (string | number)[];
  value: unknown;
  field: string;
  fieldEn: string;
}

function unknownFieldProblem({ e, p, path, field, fieldEn }: ProblemContext): SchemaProblem {
  const allowed = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
  const name = String(p.additionalProperty);
  const folded = name.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  // Own keys only: a field named `constructor` is not Object.prototype's.
  const french = Object.hasOwn(FRENCH_FIELDS, folded) ? FRENCH_FIELDS[folded] : undefined;
  const suggestion = french && allowed.includes(french) ? french : closest(name, allowed);
  if (suggestion) {
    return {
      path: [...path, String(p.additionalProperty)],
      key: true,
      msg: { fr: 'Champ inconnu « {{name}} » : vouliez-vous dire « {{suggestion}} » ?', en: 'Unknown field "{{name}}": did you mean "{{suggestion}}"?' },
      data: { name: p.additionalProperty, suggestion },
    };
  }
  return {
    path: [...path, String(p.additionalProperty)],
    key: true,
    msg: {
      fr: 'Champ inconnu « {{name}} »{{where}}. Champs possibles : {{allowed}}.',
      en: 'Unknown field "{{name}}"{{whereEn}}. Allowed fields: {{allowed}}.',
    },
    data: {
      name: p.additionalProperty,
      where: path.length ? ` dans « ${field} »` : '',
      whereEn: path.length ? ` in "${fieldEn}"` : '',
      allowed: allowed.join(', '),
    },
  };
}

function typeProblem({ p, path, value, field, fieldEn }: ProblemContext): SchemaProblem {
  const t = String(p.type).split(',')[0] ?? 'string';
  const tn = TYPE_NAMES[t] ?? { fr: t, en: t };
  const got = TYPE_NAMES[describeValue(value)] ?? { fr: describeValue(value), en: describeValue(value) };
  return {
    path,
    key: false,
    msg: { fr: '« {{field}} » doit être {{expected}} (trouvé : {{got}}).', en: '"{{fieldEn}}" must be {{expectedEn}} (found: {{gotEn}}).' },
    data: { field, fieldEn, expected: tn.fr, expectedEn: tn.en, got: got.fr, gotEn: got.en },
  };
}

function formProblem({ path, value, field, fieldEn }: ProblemContext): SchemaProblem {
  const hint = hintFor(path);
  return {
    path,
    key: false,
    msg: { fr: '« {{field}} » n’a pas la forme attendue : « {{value}} ». {{hint}}', en: '"{{fieldEn}}" is not in the expected form: "{{value}}". {{hintEn}}' },
    // The value as one inert line: a CR/LF in it is shown, never printed (printable).
    data: { field, fieldEn, value: printable(String(value).slice(0, 80)), hint: hint.fr, hintEn: hint.en },
  };
}

const emptyProblem = ({ path, field, fieldEn }: ProblemContext): SchemaProblem => ({
  path,
  key: false,
  msg: { fr: '« {{field}} » ne doit pas être vide.', en: '"{{fieldEn}}" must not be empty.' },
  data: { field, fieldEn },
});

const tooLongProblem = ({ p, path, field, fieldEn }: ProblemContext): SchemaProblem => ({
  path,
  key: false,
  msg: { fr: '« {{field}} » est trop long (au plus {{limit}}).', en: '"{{fieldEn}}" is too long (at most {{limit}}).' },
  data: { field, fieldEn, limit: p.limit },
});

const boundProblem = ({ p, path, field, fieldEn }: ProblemContext): SchemaProblem => ({
  path,
  key: false,
  msg: { fr: '« {{field}} » doit être {{cmp}} {{limit}}.', en: '"{{fieldEn}}" must be {{cmp}} {{limit}}.' },
  data: { field, fieldEn, cmp: p.comparison, limit: p.limit },
});

/** One message builder per ajv keyword; any other keyword gets `invalidProblem`. */
const KEYWORD_PROBLEMS: Record<string, (c: ProblemContext) => SchemaProblem> = {
  required: ({ p, path, field, fieldEn }) => ({
    path,
    key: false,
    msg: { fr: 'Champ obligatoire manquant : « {{name}} »{{where}}.', en: 'Missing required field "{{name}}"{{whereEn}}.' },
    data: { name: p.missingProperty, where: path.length ? ` dans « ${field} »` : '', whereEn: path.length ? ` in "${fieldEn}"` : '' },
  }),
  additionalProperties: unknownFieldProblem,
  type: typeProblem,
  enum: ({ p, path, value, field, fieldEn }) => ({
    path,
    key: false,
    msg: { fr: '« {{field}} » vaut « {{value}} » ; valeurs possibles : {{allowed}}.', en: '"{{fieldEn}}" is "{{value}}"; allowed values: {{allowed}}.' },
    data: { field, fieldEn, value: String(value), allowed: ((p.allowedValues as unknown[]) ?? []).join(', ') },
  }),
  const: ({ p, path, field, fieldEn }) => ({
    path,
    key: false,
    msg: { fr: '« {{field}} » doit valoir {{allowed}}.', en: '"{{fieldEn}}" must be {{allowed}}.' },
    data: { field, fieldEn, allowed: JSON.stringify(p.allowedValue) },
  }),
  pattern: formProblem,
  format: formProblem,
  minLength: emptyProblem,
  minItems: emptyProblem,
  maxLength: tooLongProblem,
  maxItems: tooLongProblem,
  maxProperties: tooLongProblem,
  minimum: boundProblem,
  maximum: boundProblem,
  exclusiveMinimum: boundProblem,
  uniqueItems: ({ path, field, fieldEn }) => ({
    path,
    key: false,
    msg: { fr: '« {{field}} » contient deux fois la même valeur.', en: '"{{fieldEn}}" contains the same value twice.' },
    data: { field, fieldEn },
  }),
};

const invalidProblem = ({ e, path, field, fieldEn }: ProblemContext): SchemaProblem => ({
  path,
  key: false,
  msg: { fr: '« {{field}} » est invalide ({{detail}}).', en: '"{{fieldEn}}" is invalid ({{detail}}).' },
  data: { field, fieldEn, detail: e.message ?? e.keyword },
});

/** Keep the most useful error per location: ajv reports anyOf/oneOf branches noisily. */
export function explainErrors(errors: readonly ErrorObject[], root: unknown): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const e of collapseAnyOf(errors)) {
    if (e.keyword === 'oneOf' || e.keyword === 'if') continue;
    const path = pointerToPath(e.instancePath);
    let value: unknown = root;
    for (const seg of path) value = (value as Record<string | number, unknown> | undefined)?.[seg];
    const field = path.length ? humanPath(path, 'fr') : '(racine)';
    const fieldEn = path.length ? humanPath(path, 'en') : '(root)';
    const p = e.params as Record<string, unknown>;
    // Own keys only: a keyword named `constructor` is not Object.prototype's.
    const build = Object.hasOwn(KEYWORD_PROBLEMS, e.keyword) ? KEYWORD_PROBLEMS[e.keyword]! : invalidProblem;
    const problem = build({ e, p, path, value, field, fieldEn });
    const sig = `${problem.path.join('/')}|${problem.key}|${e.keyword}`;
    if (seen.has(sig)) continue;
    seen.add(sig);
    out.push(problem);
  }
  return out;
}
