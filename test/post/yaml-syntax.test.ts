// Every YAML syntax error a volunteer makes comes out in French (and English) with its fix and the
// line:column where the fix goes; no parser text in English reaches the user.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SYNTAX_MESSAGES } from '../../src/rules/schema.js';
import { YAML_CODE_MESSAGES } from '../../src/util/yaml-messages.js';
import { parseYamlText } from '../../src/util/yaml.js';
import { type Case, RuleTester } from '../helpers/rule-tester.js';

const HEAD = 'type: quartier\nauthor: yanis\n';

describe('yaml error codes', () => {
  // The installed library's own list, read from its type declarations: a new code in a yaml
  // upgrade fails here until it has a message.
  const dts = readFileSync(path.resolve(import.meta.dirname, '../../node_modules/yaml/dist/errors.d.ts'), 'utf8');
  const codes = [.../export type ErrorCode = ([^;]+);/.exec(dts)![1]!.matchAll(/'([A-Z0-9_]+)'/g)].map((m) => m[1]!);

  it('reads the codes of the installed yaml library', () => {
    expect(codes.length).toBeGreaterThanOrEqual(23);
    expect(codes).toContain('BAD_INDENT');
  });

  it.each(codes)('%s has a French and an English message with a fix', (code) => {
    const msg = (YAML_CODE_MESSAGES as Record<string, { fr: string; en: string }>)[code];
    expect(msg, `no message for yaml error code ${code}`).toBeDefined();
    expect(msg!.fr).toMatch(/[:;] /);
    expect(msg!.en).toMatch(/[:;] /);
    expect(SYNTAX_MESSAGES[`yaml-${code}` as keyof typeof SYNTAX_MESSAGES]).toBe(msg);
  });

  it('no parser text, whatever the mistake', () => {
    const sources = [
      "text: 'Locaux Motiv' vous invite\n", 'a: [b\n', 'a: "b\n', 'a: b\n a: c\n', '- a\n: b\n', '? [a]\n: b\n', 'a: &x &y b\n',
      'a: !!int b\n', 'a: *\n', '%FOO\n---\na: b\n', 'a: |x\n  b\n', 'a: "\\q"\n', 'a: `b`\n', 'a: {b: [c\n', 'a:\n\t- b\n',
    ];
    for (const s of sources) {
      for (const p of parseYamlText(s).problems) {
        expect(SYNTAX_MESSAGES[p.code as keyof typeof SYNTAX_MESSAGES], `${JSON.stringify(s)} → ${p.code}`).toBeDefined();
      }
    }
  });
});

/** The same mistake in both languages, at the same place. */
function both(name: string, post: string, messageId: string, line: number, column: number, fr: string | RegExp, en: string | RegExp): Case[] {
  return [
    { name: `${name} (fr)`, post, lang: 'fr', errors: [{ messageId, line, column, message: fr }] },
    { name: `${name} (en)`, post, lang: 'en', errors: [{ messageId, line, column, message: en }] },
  ];
}

RuleTester.run('schema', {
  valid: [
    { name: 'the apostrophe inside double quotes', post: `${HEAD}text: "Locaux Motiv' vous invite : venez !"\n` },
    { name: 'the apostrophe in a block text', post: `${HEAD}text: |\n  'Locaux Motiv' vous invite : venez !\n` },
  ],
  invalid: [
    ...both(
      "the organisation's apostrophe ends a single-quoted text",
      `${HEAD}text: 'Locaux Motiv' vous invite au JeudiWe\n`,
      'yaml-single-quote-apostrophe', 3, 22,
      '(« \'Locaux Motiv\' ») : mettez le texte entre guillemets doubles ("…"), ou écrivez « text: | » seul sur sa ligne',
      'put the text between double quotes ("…"), or write "text: |" alone on its line',
    ),
    ...both(
      'alt: indented too far under file:',
      `${HEAD}text: x\nmedia:\n  - file: media/a.png\n      alt: Une salle pleine\n`,
      'yaml-align-key', 6, 7,
      '« alt: » est mal aligné : placez-le exactement sous « file: » (colonne 5)',
      '"alt:" is misaligned: put it exactly under "file:" (column 5)',
    ),
    ...both(
      'alt: not indented enough under file:',
      `${HEAD}text: x\nmedia:\n  - file: media/a.png\n   alt: Une salle pleine\n`,
      'yaml-align-key', 6, 4,
      'placez-le exactement sous « file: » (colonne 5)',
      'put it exactly under "file:" (column 5)',
    ),
    ...both(
      'a colon-space inside an unquoted text',
      `${HEAD}text: Horaires : 19 h à 21 h\n`,
      'yaml-BLOCK_AS_IMPLICIT_KEY', 3, 7,
      '« : » suivi d’une espace dans la valeur de « text »',
      '": " inside the value of "text"',
    ),
    ...both(
      'a colon-space in event.name names that field',
      `${HEAD}text: x\nevent:\n  name: JeudiWe : compost\n`,
      'yaml-BLOCK_AS_IMPLICIT_KEY', 5, 9,
      'dans la valeur de « name »',
      'inside the value of "name"',
    ),
    ...both(
      'a tab before a block text',
      `${HEAD}text: |\n\tBonjour\n`,
      'yaml-TAB_AS_INDENT', 4, 1,
      'Tabulation utilisée pour l’indentation',
      'Tab used for indentation',
    ),
    ...both(
      'two text: keys',
      `${HEAD}text: x\ntext: y\n`,
      'yaml-DUPLICATE_KEY', 4, 1,
      'Le champ « text » est écrit deux fois : gardez-en un seul',
      'Field "text" is written twice: keep only one',
    ),
    ...both(
      'a second --- document',
      `${HEAD}text: x\n---\ntext: y\n`,
      'yaml-MULTIPLE_DOCS', 4, 1,
      'ce fichier contient une ligne « --- » qui en commence un second',
      'this file has a "---" line that starts a second one',
    ),
    ...both(
      'an unclosed double quote is shown where it opens',
      `${HEAD}text: "Bonjour\nlink: https://a.fr\n`,
      'yaml-unclosed-quote', 3, 7,
      'Guillemet " ouvert ligne 3 et jamais refermé',
      'Quote " opened on line 3 and never closed',
    ),
    ...both(
      'an unclosed flow list is shown where it opens',
      `${HEAD}networks: [facebook\ntext: x\n`,
      'yaml-unclosed-flow', 3, 11,
      'ajoutez « ] » à la fin de la liste',
      'add "]" at the end of the list',
    ),
    ...both(
      'a text that starts with @',
      `${HEAD}text: @camille bonjour\n`,
      'yaml-BAD_SCALAR_START', 3, 7,
      'Une valeur ne peut pas commencer par « @ » sans guillemets',
      'A value cannot start with "@" unquoted',
    ),
    ...both(
      'a second line of text not indented',
      `${HEAD}text: Bonjour\nla suite du texte\nlink: https://a.fr\n`,
      'yaml-MULTILINE_IMPLICIT_KEY', 4, 1,
      'écrivez « text: | » seul sur sa ligne',
      'write "text: |" alone on its line',
    ),
    ...both(
      'a list item misaligned',
      `${HEAD}text: x\nnetworks:\n  - facebook\n - twitter\n`,
      'yaml-align-item', 6, 1,
      'placez ce « - » exactement sous le « - » précédent (colonne 3)',
      'put this "-" exactly under the previous "-" (column 3)',
    ),
    {
      name: 'a BOM and CRLF are reported together (fr)',
      post: `\uFEFF${HEAD}text: x\n`.replace(/\n/g, '\r\n'),
      lang: 'fr',
      errors: [
        { messageId: 'bom', line: 1, column: 1, message: 'UTF-8 sans BOM' },
        { messageId: 'crlf', line: 1, column: 16, message: 'Fins de ligne Windows (CRLF, 3 ligne(s))' },
      ],
    },
    {
      name: 'a BOM and CRLF are reported together (en)',
      post: `\uFEFF${HEAD}text: x\n`.replace(/\n/g, '\r\n'),
      lang: 'en',
      errors: [
        { messageId: 'bom', line: 1, column: 1, message: 'UTF-8 without BOM' },
        { messageId: 'crlf', line: 1, column: 16, message: 'Windows line endings (CRLF, 3 line(s))' },
      ],
    },
  ],
});
