// Every error the `yaml` parser can raise, said in French and English with how to fix the line.
// The parser's own (English) words never reach the user: its error code, its message and the
// source around the position pick one of these explanations.
import type { ErrorCode, LineCounter } from 'yaml';
import type { Bilingual } from '../i18n/index.js';

/** One explanation per ErrorCode of the installed yaml library (test/rules/yaml-codes.test.ts). */
export const YAML_CODE_MESSAGES = {
  ALIAS_PROPS: {
    fr: 'Un alias YAML (*nom) ne peut pas porter d’ancre (&) ni d’étiquette (!) ; un billet n’a pas besoin d’alias : écrivez la valeur en clair, ou mettez le texte entre guillemets doubles ("…") si « * » en fait partie.',
    en: 'A YAML alias (*name) cannot carry an anchor (&) or a tag (!); a post needs no aliases: write the value out, or put the text between double quotes ("…") if "*" is part of it.',
  },
  BAD_ALIAS: {
    fr: '« & » ou « * » en début de valeur est lu comme une ancre ou un alias YAML : mettez le texte entre guillemets doubles ("…").',
    en: '"&" or "*" at the start of a value is read as a YAML anchor or alias: put the text between double quotes ("…").',
  },
  BAD_DIRECTIVE: {
    fr: 'Ligne « % » inconnue (directive YAML) : supprimez-la ; si c’est du texte, mettez-le entre guillemets doubles ("…").',
    en: 'Unknown "%" line (YAML directive): remove it; if it is text, put it between double quotes ("…").',
  },
  BAD_DQ_ESCAPE: {
    fr: 'Entre guillemets doubles, « \\ » commence un caractère spécial et « {{escape}} » n’en est pas un : doublez la barre (\\\\) ou écrivez « {{field}}: | » seul sur sa ligne puis le texte en dessous, indenté.',
    en: 'Between double quotes, "\\" starts a special character and "{{escape}}" is not one: double the backslash (\\\\) or write "{{field}}: |" alone on its line and the text below, indented.',
  },
  BAD_INDENT: {
    fr: 'Indentation incorrecte : alignez « {{field}}: » sous les autres champs du même niveau, avec des espaces.',
    en: 'Wrong indentation: align "{{field}}:" under the other fields of the same level, with spaces.',
  },
  BAD_PROP_ORDER: {
    fr: 'Ancre (&) ou étiquette (!) mal placée : un billet n’en a pas besoin ; si « & » ou « ! » fait partie du texte, mettez le texte entre guillemets doubles ("…").',
    en: 'Misplaced anchor (&) or tag (!): a post needs none; if "&" or "!" is part of the text, put the text between double quotes ("…").',
  },
  BAD_SCALAR_START: {
    fr: 'Une valeur ne peut pas commencer par « {{char}} » sans guillemets : mettez le texte de « {{field}} » entre guillemets doubles ("…"), ou écrivez « {{field}}: | » seul sur sa ligne puis le texte en dessous, indenté.',
    en: 'A value cannot start with "{{char}}" unquoted: put the text of "{{field}}" between double quotes ("…"), or write "{{field}}: |" alone on its line and the text below, indented.',
  },
  BLOCK_AS_IMPLICIT_KEY: {
    fr: '« : » suivi d’une espace dans la valeur de « {{field}} » : YAML y voit un nouveau champ. Mettez le texte entre guillemets doubles ("…"), ou écrivez « {{field}}: | » seul sur sa ligne puis le texte en dessous, indenté.',
    en: '": " inside the value of "{{field}}": YAML reads a new field there. Put the text between double quotes ("…"), or write "{{field}}: |" alone on its line and the text below, indented.',
  },
  BLOCK_IN_FLOW: {
    fr: 'Entre crochets [ ] ou accolades { }, chaque valeur tient sur une ligne : écrivez plutôt la liste avec un « - » par ligne.',
    en: 'Inside [ ] or { }, each value fits on one line: write the list with one "-" per line instead.',
  },
  DUPLICATE_KEY: {
    fr: 'Le champ « {{field}} » est écrit deux fois : gardez-en un seul (réunissez les deux valeurs).',
    en: 'Field "{{field}}" is written twice: keep only one (merge the two values).',
  },
  IMPOSSIBLE: {
    fr: 'Ligne incompréhensible pour le lecteur YAML : vérifiez l’indentation (des espaces) et mettez le texte entre guillemets doubles ("…").',
    en: 'The YAML reader cannot make sense of this line: check the indentation (spaces) and put the text between double quotes ("…").',
  },
  KEY_OVER_1024_CHARS: {
    fr: 'Nom de champ de plus de 1024 caractères : un « : » est sans doute de trop dans un texte ; mettez le texte entre guillemets doubles ("…").',
    en: 'Field name longer than 1024 characters: a ":" is probably misplaced in a text; put the text between double quotes ("…").',
  },
  MISSING_CHAR: {
    fr: 'Il manque un caractère ici (un « : » après le nom du champ, une virgule entre éléments [ ], ou un guillemet fermant) : complétez la ligne, ou mettez le texte entre guillemets doubles ("…").',
    en: 'A character is missing here (a ":" after the field name, a comma between [ ] items, or a closing quote): complete the line, or put the text between double quotes ("…").',
  },
  MULTILINE_IMPLICIT_KEY: {
    fr: 'Cette ligne n’est ni un champ (« nom: valeur ») ni la suite indentée d’un texte : pour un texte sur plusieurs lignes, écrivez « {{field}}: | » seul sur sa ligne puis le texte en dessous, indenté de deux espaces.',
    en: 'This line is neither a field ("name: value") nor the indented continuation of a text: for a text on several lines, write "{{field}}: |" alone on its line and the text below, indented by two spaces.',
  },
  MULTIPLE_ANCHORS: {
    fr: 'Deux ancres (&) sur une même valeur : si « & » fait partie du texte, mettez le texte entre guillemets doubles ("…").',
    en: 'Two anchors (&) on one value: if "&" is part of the text, put the text between double quotes ("…").',
  },
  MULTIPLE_DOCS: {
    fr: 'Un billet est un seul document YAML, or ce fichier contient une ligne « --- » qui en commence un second : supprimez-la, ou mettez le second billet dans son propre fichier.',
    en: 'A post is a single YAML document, but this file has a "---" line that starts a second one: remove it, or put the second post in its own file.',
  },
  MULTIPLE_TAGS: {
    fr: 'Deux étiquettes (!) sur une même valeur : si « ! » fait partie du texte, mettez le texte entre guillemets doubles ("…").',
    en: 'Two tags (!) on one value: if "!" is part of the text, put the text between double quotes ("…").',
  },
  NON_STRING_KEY: {
    fr: 'Un nom de champ est un mot (type, text, media…), pas une liste ni un ensemble : retirez « ? », « [ » ou « { » avant le nom.',
    en: 'A field name is a word (type, text, media…), not a list or a mapping: remove the "?", "[" or "{" before the name.',
  },
  RESOURCE_EXHAUSTION: {
    fr: 'Trop d’alias YAML (*nom) : un billet n’en a pas besoin ; écrivez les valeurs en clair.',
    en: 'Too many YAML aliases (*name): a post does not need them; write the values out.',
  },
  TAB_AS_INDENT: {
    fr: 'Tabulation utilisée pour l’indentation : YAML n’accepte que des espaces ; remplacez la tabulation par deux espaces.',
    en: 'Tab used for indentation: YAML only accepts spaces; replace the tab with two spaces.',
  },
  TAG_RESOLVE_FAILED: {
    fr: 'Étiquette YAML non prise en charge (« {{tag}} ») : écrivez la valeur sans « ! » ; si « ! » fait partie du texte, mettez le texte entre guillemets doubles ("…").',
    en: 'Unsupported YAML tag ("{{tag}}"): write the value without "!"; if "!" is part of the text, put the text between double quotes ("…").',
  },
  UNEXPECTED_TOKEN: {
    fr: 'Caractère inattendu à cet endroit : vérifiez l’indentation, et mettez le texte de « {{field}} » entre guillemets doubles ("…") ou écrivez « {{field}}: | » seul sur sa ligne puis le texte en dessous.',
    en: 'Unexpected character here: check the indentation, and put the text of "{{field}}" between double quotes ("…") or write "{{field}}: |" alone on its line and the text below.',
  },
  BAD_COLLECTION_TYPE: {
    fr: 'Étiquette YAML (« {{tag}} ») qui ne convient pas à cette valeur : écrivez la valeur sans « ! ».',
    en: 'YAML tag ("{{tag}}") that does not fit this value: write the value without "!".',
  },
} as const satisfies Record<ErrorCode, Bilingual>;

/** Finer explanations for the situations volunteers actually run into, within one code. */
export const YAML_SITUATION_MESSAGES = {
  'single-quote-apostrophe': {
    fr: 'Le texte de « {{field}} » commence par une apostrophe, donc YAML l’arrête à l’apostrophe suivante (« {{cut}} ») : mettez le texte entre guillemets doubles ("…"), ou écrivez « {{field}}: | » seul sur sa ligne puis le texte en dessous, indenté.',
    en: 'The text of "{{field}}" starts with an apostrophe, so YAML ends it at the next apostrophe ("{{cut}}"): put the text between double quotes ("…"), or write "{{field}}: |" alone on its line and the text below, indented.',
  },
  'after-quote': {
    fr: 'Du texte suit le guillemet fermant de « {{field}} » : mettez tout le texte entre les guillemets, ou écrivez « {{field}}: | » seul sur sa ligne puis le texte en dessous, indenté.',
    en: 'Text follows the closing quote of "{{field}}": put the whole text inside the quotes, or write "{{field}}: |" alone on its line and the text below, indented.',
  },
  'align-key': {
    fr: '« {{field}}: » est mal aligné : placez-le exactement sous « {{sibling}}: » (colonne {{col}}), avec des espaces.',
    en: '"{{field}}:" is misaligned: put it exactly under "{{sibling}}:" (column {{col}}), with spaces.',
  },
  'align-item': {
    fr: 'Élément de liste mal aligné : placez ce « - » exactement sous le « - » précédent (colonne {{col}}).',
    en: 'List item misaligned: put this "-" exactly under the previous "-" (column {{col}}).',
  },
  'unclosed-quote': {
    fr: 'Guillemet {{quote}} ouvert ligne {{line}} et jamais refermé : ajoutez-le à la fin du texte.',
    en: 'Quote {{quote}} opened on line {{line}} and never closed: add it at the end of the text.',
  },
  'unclosed-flow': {
    fr: 'Liste entre crochets (ou accolades) ouverte ligne {{line}} et jamais refermée : ajoutez « {{close}} » à la fin de la liste, sur la même ligne.',
    en: 'List in brackets (or braces) opened on line {{line}} and never closed: add "{{close}}" at the end of the list, on the same line.',
  },
  'missing-comma': {
    fr: 'Virgule manquante entre deux éléments entre crochets [ ] ou accolades { } : séparez-les par « , ».',
    en: 'Missing comma between two items in [ ] or { }: separate them with ",".',
  },
  'comment-glued': {
    fr: '« # » collé au texte : ajoutez une espace avant « # » pour un commentaire, ou mettez le texte entre guillemets doubles ("…") s’il fait partie du texte.',
    en: '"#" glued to the text: add a space before "#" for a comment, or put the text between double quotes ("…") if it is part of the text.',
  },
  'no-colon': {
    fr: 'Cette ligne n’a pas de « : » : chaque ligne est « champ: valeur ». Si c’est la suite d’un texte, écrivez « {{field}}: | » puis le texte en dessous, indenté de deux espaces.',
    en: 'This line has no ":": each line is "field: value". If it continues a text, write "{{field}}: |" then the text below, indented by two spaces.',
  },
  'block-header': {
    fr: 'Après « | » ou « > », rien d’autre sur la ligne : le texte commence à la ligne suivante, indenté de deux espaces.',
    en: 'After "|" or ">", nothing else on the line: the text starts on the next line, indented by two spaces.',
  },
  'block-indent': {
    fr: 'Le texte sous « {{field}}: | » doit être indenté (deux espaces de plus que « {{field}} »), avec des espaces et non des tabulations.',
    en: 'The text under "{{field}}: |" must be indented (two spaces more than "{{field}}"), with spaces, not tabs.',
  },
} as const satisfies Record<string, Bilingual>;

export type YamlMessageId = `yaml-${ErrorCode}` | `yaml-${keyof typeof YAML_SITUATION_MESSAGES}`;

/** All messages keyed by message id (`yaml-BAD_INDENT`, `yaml-align-key`…). */
export const YAML_MESSAGES: Record<YamlMessageId, Bilingual> = {
  ...(Object.fromEntries(Object.entries(YAML_CODE_MESSAGES).map(([k, v]) => [`yaml-${k}`, v])) as Record<`yaml-${ErrorCode}`, Bilingual>),
  ...(Object.fromEntries(Object.entries(YAML_SITUATION_MESSAGES).map(([k, v]) => [`yaml-${k}`, v])) as Record<`yaml-${keyof typeof YAML_SITUATION_MESSAGES}`, Bilingual>),
};

export interface YamlExplanation {
  messageId: YamlMessageId;
  data: Record<string, unknown>;
  /** Where the fix goes when it is not where the parser stopped (a misaligned key on the next line). */
  offset: number;
}

const KEY_RE = /^([ ]*)(?:-[ ]+)*([^\s:#'"{}[\],][^:#]*?)[ ]*:(?:[ ]|$)/;

function lineAt(source: string, offset: number): { start: number; text: string } {
  const start = source.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
  const end = source.indexOf('\n', offset);
  return { start, text: source.slice(start, end < 0 ? source.length : end) };
}

/** The field named on the line at `offset`, else on the closest line above that names one. */
function fieldAt(source: string, offset: number): string {
  let { start } = lineAt(source, offset);
  for (let guard = 0; guard < 200; guard++) {
    const { text } = lineAt(source, start);
    const m = KEY_RE.exec(text);
    if (m) return m[2]!;
    if (start === 0) break;
    start = source.lastIndexOf('\n', start - 2) + 1;
  }
  return 'text';
}

/** Column (1-based) where the key of a line starts, after its indentation and "- " markers. */
function keyColumn(text: string): number | undefined {
  const m = /^([ ]*(?:-[ ]+)*)[^\s:#-][^:#]*?:(?:[ ]|$)/.exec(text);
  return m ? m[1]!.length + 1 : undefined;
}

/** The key a misaligned line should line up with: the last key above it that is less indented or at the item level. */
function alignTarget(source: string, lineStart: number): { sibling: string; col: number } | undefined {
  const own = lineAt(source, lineStart).text;
  const ownIndent = /^ */.exec(own)![0].length;
  let start = lineStart;
  for (let guard = 0; guard < 200 && start > 0; guard++) {
    start = source.lastIndexOf('\n', start - 2) + 1;
    const text = lineAt(source, start).text;
    if (!text.trim() || text.trimStart().startsWith('#')) continue;
    const m = KEY_RE.exec(text);
    const col = keyColumn(text);
    if (!m || col === undefined) continue;
    // The nearest key above whose column is within a few spaces of this one is the sibling.
    if (Math.abs(col - 1 - ownIndent) <= 3 && col - 1 !== ownIndent) return { sibling: m[2]!, col };
    if (col - 1 < ownIndent - 3) return undefined;
  }
  return undefined;
}

/** Column of the `-` of the closest list item above, when it is within a few spaces of this line's. */
function itemColumn(source: string, lineStart: number): number | undefined {
  const ownIndent = /^ */.exec(lineAt(source, lineStart).text)![0].length;
  let start = lineStart;
  for (let guard = 0; guard < 200 && start > 0; guard++) {
    start = source.lastIndexOf('\n', start - 2) + 1;
    const m = /^( *)-( |$)/.exec(lineAt(source, start).text);
    if (m && Math.abs(m[1]!.length - ownIndent) <= 3) return m[1]!.length + 1;
  }
  return undefined;
}

/** Explain one parser error from its code, its raw message and the source around it. */
export function explainYamlError(code: ErrorCode, raw: string, source: string, offset: number, lc: LineCounter): YamlExplanation {
  const field = fieldAt(source, offset);
  const base = (id: YamlMessageId, data: Record<string, unknown> = {}, at = offset): YamlExplanation => ({ messageId: id, data: { field, ...data }, offset: at });
  const { start, text: line } = lineAt(source, offset);
  const next = lineAt(source, source.indexOf('\n', offset) + 1);
  // A line that starts with a tab is the cause, whatever the parser calls it.
  if (/^ *\t/.test(line) && code !== 'MULTIPLE_DOCS') return base('yaml-TAB_AS_INDENT', {}, start);
  switch (code) {
    case 'UNEXPECTED_TOKEN': {
      if (/^Block scalar header/.test(raw)) return base('yaml-block-header');
      const before = source.slice(start, offset);
      // `text: 'L'Atelier vous invite…`: the apostrophe of the name closed the quoted text.
      const single = /:[ ]+'([^']*')[ ]*$/.exec(before);
      if (/ at node end$/.test(raw) && single) return base('yaml-single-quote-apostrophe', { cut: `'${single[1]}` });
      if (/ at node end$/.test(raw) && /:[ ]+"[^"]*"[ ]*$/.test(before)) return base('yaml-after-quote');
      return base('yaml-UNEXPECTED_TOKEN');
    }
    case 'BLOCK_AS_IMPLICIT_KEY': {
      if (/block sequence/.test(raw)) {
        const col = itemColumn(source, start);
        return col ? base('yaml-align-item', { col }, start) : base('yaml-BAD_INDENT');
      }
      // `text: Horaires : 19 h` — the colon is on this line; otherwise a key of the next line,
      // indented too far, was read as part of this value.
      const rest = source.slice(offset, start + line.length);
      if (!/:( |$)/.test(rest) && KEY_RE.test(next.text)) {
        const target = alignTarget(source, next.start);
        const nextField = KEY_RE.exec(next.text)![2]!;
        const at = next.start + /^[ -]*/.exec(next.text)![0].length;
        if (target) return { messageId: 'yaml-align-key', data: { field: nextField, ...target }, offset: at };
        return { messageId: 'yaml-BAD_INDENT', data: { field: nextField }, offset: at };
      }
      return base('yaml-BLOCK_AS_IMPLICIT_KEY');
    }
    case 'BAD_INDENT': {
      if (/^Flow (sequence|mapping)/.test(raw)) return flowOpen(source, offset, lc) ?? base('yaml-BAD_INDENT');
      if (/^Block scalar/.test(raw)) return base('yaml-block-indent');
      const target = alignTarget(source, start);
      if (target && KEY_RE.test(line)) return base('yaml-align-key', target, start + /^[ -]*/.exec(line)![0].length);
      const col = /^ *- /.test(line) ? itemColumn(source, start) : undefined;
      if (col) return base('yaml-align-item', { col }, start);
      return base('yaml-BAD_INDENT');
    }
    case 'MISSING_CHAR': {
      const quote = /^Missing closing (["'])quote/.exec(raw);
      if (quote) {
        const open = source.lastIndexOf(quote[1]!, offset - 1);
        const opened = openingQuote(source, offset, quote[1]!) ?? open;
        return base('yaml-unclosed-quote', { quote: quote[1] === '"' ? '"' : "'", line: lc.linePos(Math.max(0, opened)).line }, Math.max(0, opened));
      }
      if (/^Missing , (or : )?between/.test(raw)) return base('yaml-missing-comma');
      if (/^Comments must be separated/.test(raw)) return base('yaml-comment-glued');
      if (/^Implicit map keys need to be followed/.test(raw)) return base('yaml-no-colon');
      if (/^Sequence item without - indicator/.test(raw)) {
        const target = alignTarget(source, start);
        if (target) return base('yaml-align-key', { field: KEY_RE.exec(line)?.[2] ?? field, ...target }, start + /^ */.exec(line)![0].length);
      }
      if (/^Expected .* flow (sequence|mapping)|flow (sequence|mapping)/i.test(raw)) return flowOpen(source, offset, lc) ?? base('yaml-MISSING_CHAR');
      return base('yaml-MISSING_CHAR');
    }
    case 'BAD_SCALAR_START': {
      const ch = /character (.)$/.exec(raw)?.[1] ?? source[offset] ?? '?';
      return base('yaml-BAD_SCALAR_START', { char: ch });
    }
    case 'BAD_DQ_ESCAPE':
      return base('yaml-BAD_DQ_ESCAPE', { escape: /sequence (\S+)/.exec(raw)?.[1] ?? '\\' });
    case 'TAG_RESOLVE_FAILED':
    case 'BAD_COLLECTION_TYPE':
      return base(`yaml-${code}`, { tag: /![\w!/:.-]*/.exec(source.slice(offset, offset + 80))?.[0] ?? '!' });
    case 'DUPLICATE_KEY':
      return base('yaml-DUPLICATE_KEY', { field: KEY_RE.exec(line)?.[2] ?? field });
    default:
      return base(`yaml-${code}`);
  }
}

/** The unclosed `[` or `{` before `offset`, explained at its own line. */
function flowOpen(source: string, offset: number, lc: LineCounter): YamlExplanation | undefined {
  let depth = 0;
  for (let i = Math.min(offset, source.length) - 1; i >= 0; i--) {
    const c = source[i];
    if (c === ']' || c === '}') depth++;
    else if (c === '[' || c === '{') {
      if (depth === 0) {
        return { messageId: 'yaml-unclosed-flow', data: { line: lc.linePos(i).line, close: c === '[' ? ']' : '}', field: fieldAt(source, i) }, offset: i };
      }
      depth--;
    }
  }
  return undefined;
}

/** The quote that opens the unterminated scalar: the first one after a `key: ` before `offset`. */
function openingQuote(source: string, offset: number, q: string): number | undefined {
  const re = new RegExp(`(?:^|\\n)[ ]*(?:-[ ]+)?[^\\n:#]*:[ ]+(${q === '"' ? '"' : "'"})`, 'g');
  let found: number | undefined;
  for (let m = re.exec(source); m && m.index < offset; m = re.exec(source)) found = m.index + m[0].length - 1;
  return found;
}
