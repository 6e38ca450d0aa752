// Hostile and malformed input: every bad post is reported as a located problem (exit 1), never a
// crash, never a write; every bad charter is a configuration error (exit 2) with file:line:column.
// Posts are committed in test/fixtures/bad/ when they can be; the others (huge, binary, BOM, CRLF,
// invisible characters, symlinks, bombs) are generated here into a temporary queue.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { CHARTER, crashSigns, problemLines, REPO, runCli, snapshotTree } from '../helpers/cli.js';

const FIXTURES = path.join(REPO, 'test/fixtures/bad');
const CHARTERS = path.join(REPO, 'test/fixtures/charters');
const JPEG = path.join(REPO, 'queue/media/compost.jpg');

const tmpRoots: string[] = [];
afterAll(() => {
  for (const d of tmpRoots) rmSync(d, { recursive: true, force: true });
});

/** root/queue/{media/photo.jpg, media/not-an-image.jpg, media/escape.jpg → root/outside/photo.jpg}, root/outside/. */
function makeWorkspace(): { root: string; queue: string; outside: string } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'lm-post-bad-'));
  tmpRoots.push(root);
  const queue = path.join(root, 'queue');
  const outside = path.join(root, 'outside');
  mkdirSync(path.join(queue, 'media'), { recursive: true });
  mkdirSync(outside);
  copyFileSync(JPEG, path.join(queue, 'media/photo.jpg'));
  copyFileSync(JPEG, path.join(outside, 'photo.jpg'));
  writeFileSync(path.join(queue, 'media/not-an-image.jpg'), 'Ceci n’est pas une image.\n');
  symlinkSync(path.join(outside, 'photo.jpg'), path.join(queue, 'media/escape.jpg'));
  return { root, queue, outside };
}

const HEAD = 'type: quartier\nauthor: malik\n';

interface Expected {
  rule: string | RegExp;
  line?: number;
  column?: number;
  message?: RegExp;
}

interface Case {
  /** Test title and, unless `file` says otherwise, the file name in the queue. */
  name: string;
  file?: string;
  /** Committed fixture copied into the queue; otherwise `make` writes the file. */
  fixture?: string;
  make?: (ws: { queue: string; outside: string; file: string }) => void;
  expect: Expected[];
  /** Strings that must not appear in stdout/stderr (e.g. the content of a file outside the queue). */
  secret?: string[];
}

const fixture = (name: string, expect: Expected[], extra: Partial<Case> = {}): Case => ({ name, fixture: name, expect, ...extra });
const gen = (name: string, content: string | Buffer | (() => string | Buffer), expect: Expected[]): Case => ({
  name,
  make: ({ queue, file }) => writeFileSync(path.join(queue, file), typeof content === 'function' ? content() : content),
  expect,
});

const schema = (line: number, column: number, message?: RegExp): Expected => ({ rule: 'schema', line, column, ...(message ? { message } : {}) });

const CASES: Case[] = [
  // ---- committed fixtures -------------------------------------------------------------------
  // An unterminated quote is only noticed at the end of the file.
  fixture('syntax-error.yaml', [schema(4, 7, /Quote " opened on line 4 and never closed/)]),
  // One problem per line indented with a tab: two lines, two problems.
  fixture('tab-indent.yaml', [schema(6, 1, /Tab used for indentation/), schema(7, 1, /Tab used for indentation/)]),
  fixture('duplicate-key.yaml', [schema(5, 1, /Field "\w+" is written twice/)]),
  fixture('multi-document.yaml', [schema(5, 1, /A post is a single YAML document/)]),
  fixture('wrong-type-text.yaml', [schema(4, 7, /"text" must be a string \(found: a number\)/)]),
  fixture('wrong-type-media.yaml', [schema(5, 8, /"media" must be a list/)]),
  fixture('wrong-type-networks.yaml', [schema(6, 11, /"networks" must be a list/)]),
  fixture('wrong-type-type.yaml', [schema(2, 7, /"type" must be a string/)]),
  fixture('null-text.yaml', [schema(4, 6, /"text" must be a string/)]),
  // "Allowed fields:" must list them (it is empty when Ajv runs without `verbose`).
  fixture('unknown-field.yaml', [schema(5, 1, /Unknown field "titre"\. Allowed fields: type, author, text,/)]),
  fixture('unknown-media-field.yaml', [schema(8, 5, /Unknown field "legende" in "the 1st image"\. Allowed fields: file, alt\./)]),
  // The description of the value must be in the message's language.
  fixture('list-not-map.yaml', [schema(2, 1, /A post is a set of fields .*, not a list\./)]),
  fixture('empty.yaml', [schema(1, 1, /Empty file: a post is a set of fields/)]),
  fixture('scalar.yaml', [schema(1, 1, /A post is a set of fields/)]),
  // A YAML tag the reader does not know is silently turned into a string today.
  fixture('unknown-tag.yaml', [{ rule: 'schema', line: 4 }]),
  fixture('bidi-control.yaml', [{ rule: 'text-hygiene', line: 4, column: 7, message: /U\+202E/ }]),
  fixture('zero-width-hashtag.yaml', [{ rule: 'text-hygiene', line: 4, column: 7, message: /U\+200B/ }]),
  fixture('nfd-accents.yaml', [{ rule: 'text-hygiene', line: 4, column: 7, message: /NFC/ }]),
  fixture('control-char-escape.yaml', [{ rule: 'text-hygiene', line: 4, column: 7, message: /U\+0000/ }]),
  // Half of a surrogate pair cannot be sent to any network.
  fixture('lone-surrogate.yaml', [{ rule: 'text-hygiene', line: 4 }]),
  fixture('media-dotdot.yaml', [{ rule: 'media-file', line: 6, column: 11, message: /outside the queue folder/ }]),
  fixture('media-absolute.yaml', [{ rule: 'media-file', line: 6, column: 11, message: /Absolute image path/ }]),
  fixture('media-symlink.yaml', [{ rule: 'media-file', line: 6, column: 11, message: /links to a file outside the queue/ }]),
  fixture('media-not-image.yaml', [{ rule: 'media-file', line: 6, column: 11, message: /is not a JPEG, PNG, GIF or WebP image/ }]),
  fixture('media-missing.yaml', [{ rule: 'media-file', line: 6, column: 11, message: /Image not found/ }]),
  fixture('media-directory.yaml', [{ rule: 'media-file', line: 6, column: 11, message: /is not a file/ }]),
  fixture('unknown-mention.yaml', [{ rule: 'mentions-known', line: 4, column: 15, message: /\{@nobody\}/ }]),
  fixture('date-not-date.yaml', [schema(5, 13, /"publish_at" is not in the expected form: "demain"\. \S/)]),
  fixture('date-impossible.yaml', [schema(5, 13, /"publish_at" is not a real date/)]),
  fixture('unknown-type.yaml', [{ rule: 'type-known', line: 2, column: 7, message: /Unknown post type "annonce"/ }]),
  fixture('unknown-author.yaml', [{ rule: 'author-allowed', line: 3, column: 9, message: /Unknown author "mallory"/ }]),
  fixture('http-link.yaml', [{ rule: 'link-https', line: 5, column: 7, message: /http:\/\/example\.org/ }]),
  fixture('thread-not-allowed.yaml', [{ rule: 'thread-allowed', line: 5, column: 1 }]),
  // A hashtag in a plain scalar is a YAML comment: the text is silently cut before it.
  fixture('hashtag-comment.yaml', [{ rule: /^(schema|text-hygiene)$/, line: 5, column: 68, message: /#Lyon7/ }]),
  fixture('too-many-media.yaml', [schema(6, 3, /"media" is too long \(at most 20\)/)]),

  // ---- generated ----------------------------------------------------------------------------
  gen('alias-bomb.yaml', () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    const names = 'abcdefghi';
    for (let i = 1; i < names.length; i++) {
      const prev = names[i - 1]!;
      lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    return HEAD + lines.join('\n') + '\ntext: Billion laughs.\n';
  }, [schema(3, 4, /Too many YAML aliases/)]),
  gen('deep-flow-10000.yaml', HEAD + 'text: ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\n', [schema(3, 71, /Nesting far too deep/)]),
  // 10,000 levels of block maps cannot fit in a post-sized file: refused for its size (≈ 50 MB).
  gen('deep-block-10000.yaml', () => Array.from({ length: 10_000 }, (_, i) => ' '.repeat(i) + 'k:').join('\n') + '\n', [schema(1, 1, /File too large/)]),
  // As deep as fits under the size limit: refused for its depth.
  gen('deep-block-990.yaml', () => Array.from({ length: 990 }, (_, i) => ' '.repeat(i) + 'k:').join('\n') + '\n', [schema(131, 1, /Nesting far too deep/)]),
  // Compact block sequences nest without brackets or indentation: `- - - - x`.
  gen('deep-block-seq-10000.yaml', '- '.repeat(10_000) + 'x\n', [{ rule: 'schema', line: 1, message: /Nesting far too deep/ }]),
  gen('deep-complex-keys-10000.yaml', '? '.repeat(10_000) + 'x\n', [{ rule: 'schema', line: 1, message: /Nesting far too deep/ }]),
  // The message gives the real size of the file, not the size of the prefix lm-post looked at.
  gen('huge-10mb.yaml', () => HEAD + 'text: "' + 'a'.repeat(10 * 1024 * 1024) + '"\n', [schema(1, 1, /File too large \(10241 KB\)/)]),
  gen('nul-byte.yaml', Buffer.from(HEAD + 'text: "Un octet\u0000nul dans le texte."\n'), [schema(3, 16, /not UTF-8 text \(NUL byte\)/)]),
  gen('invalid-utf8.yaml', Buffer.concat([Buffer.from(HEAD + 'text: "Caf'), Buffer.from([0xe9]), Buffer.from(' Latin-1."\n')]), [schema(3, 11, /not UTF-8 text \(invalid UTF-8\)/)]),
  gen('binary-mixed.yaml', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff, 0xfe, 0x00, 0x01]), [schema(1, 1, /not UTF-8 text/)]),
  gen('bom.yaml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(HEAD + 'text: Un fichier enregistré avec une BOM.\n')]), [schema(1, 1, /byte order mark/)]),
  gen('crlf.yaml', (HEAD + 'text: Un fichier enregistré sous Windows.\n').replace(/\n/g, '\r\n'), [schema(1, 15, /Windows line endings/)]),
  gen('bidi-literal.yaml', HEAD + 'text: "Tarif : \u202E0€ 05\u202C par mois."\n', [{ rule: 'text-hygiene', line: 3, column: 16, message: /U\+202E/ }]),
  gen('zero-width-literal.yaml', HEAD + 'text: "Le #Jeudi\u200BWe reprend jeudi."\n', [{ rule: 'text-hygiene', line: 3, column: 17, message: /U\+200B/ }]),
  gen('nfd-literal.yaml', HEAD + 'text: "' + 'Fête de quartier à la Guillotière, entrée libre.'.normalize('NFD') + '"\n', [{ rule: 'text-hygiene', line: 3, column: 7, message: /NFC/ }]),
  gen('long-text-100kb.yaml', HEAD + 'text: ' + 'Bla bla. '.repeat(100 * 1024 / 9) + '\n', [schema(3, 7, /"text" is too long \(at most 70000\)/)]),
  // Post ids are file names: the queue README asks for lowercase, digits and hyphens.
  {
    name: 'post id with spaces',
    file: 'mon billet du samedi.yaml',
    make: ({ queue, file }) => writeFileSync(path.join(queue, file), HEAD + 'text: Un billet correct dont le nom de fichier a des espaces.\n'),
    expect: [{ rule: /^(schema|post-id)$/, line: 1, column: 1 }],
  },
  // A post that is a symlink to a file outside the queue must not be read (nor later rewritten).
  {
    name: 'post symlink to a secret outside the queue',
    file: 'lien-secret.yaml',
    make: ({ queue, outside, file }) => {
      writeFileSync(path.join(outside, 'secret.txt'), 'LM_POST_SECRET_S3CR3T-TOKEN-VALUE\n');
      symlinkSync(path.join(outside, 'secret.txt'), path.join(queue, file));
    },
    expect: [{ rule: 'schema', line: 1, column: 1 }],
    secret: ['S3CR3T'],
  },
  {
    name: 'post symlink to a valid post outside the queue',
    file: 'lien-billet.yaml',
    make: ({ queue, outside, file }) => {
      writeFileSync(path.join(outside, 'billet.yaml'), HEAD + 'text: Un billet valide rangé hors de la file.\n');
      symlinkSync(path.join(outside, 'billet.yaml'), path.join(queue, file));
    },
    expect: [{ rule: 'schema', line: 1, column: 1 }],
  },
];

function titleOf(c: Case): string {
  return c.fixture ? `fixtures/bad/${c.fixture}` : `${c.name} (generated)`;
}

describe('hostile and malformed posts', () => {
  it('the committed corpus is all used, and big enough', ({ expect }) => {
    const committed = readdirSync(FIXTURES).filter((f) => f.endsWith('.yaml')).sort();
    const used = CASES.flatMap((c) => (c.fixture ? [c.fixture] : [])).sort();
    expect(used).toEqual(committed);
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  it.concurrent.for(CASES.map((c) => [titleOf(c), c] as const))('%s', async ([, c], { expect }) => {
    const ws = makeWorkspace();
    const file = c.file ?? c.name;
    if (c.fixture) copyFileSync(path.join(FIXTURES, c.fixture), path.join(ws.queue, file));
    c.make?.({ ...ws, file });
    const root = path.dirname(ws.queue);
    const before = snapshotTree(root);
    const r = await runCli(['check', path.join('queue', file), '--queue', 'queue', '--charter', CHARTER, '--lang', 'en'], { cwd: root });
    const after = snapshotTree(root);

    expect(crashSigns(r), r.stdout + r.stderr).toEqual([]);
    expect(r.signal).toBeNull();
    expect(after).toEqual(before);
    for (const s of c.secret ?? []) expect(r.stdout + r.stderr).not.toContain(s);
    expect({ code: r.code, stderr: r.stderr }, r.stdout).toEqual({ code: 1, stderr: '' });
    const problems = problemLines(r.stdout);
    // Every problem line names the file as given, with a position.
    for (const p of problems) expect(p.file).toBe(path.join('queue', file));
    expect(
      problems.map((p) => ({ rule: p.ruleId, line: p.line, column: p.column, message: p.message })),
      r.stdout,
    ).toEqual(
      c.expect.map((e) => ({
        rule: typeof e.rule === 'string' ? e.rule : expect.stringMatching(e.rule),
        line: e.line ?? expect.any(Number),
        column: e.column ?? expect.any(Number),
        message: e.message ? expect.stringMatching(e.message) : expect.any(String),
      })),
    );
  });
});

// ---------------------------------------------------------------------------------------------

interface CharterCase {
  file: string;
  /** Every located problem expected on stderr, as line:column. */
  at: [number, number][];
  message: RegExp;
}

const CHARTER_CASES: CharterCase[] = [
  // One mistake, one message, where the fix goes (the bracket that is never closed).
  { file: 'yaml-error.yaml', at: [[11, 51]], message: /List in brackets \(or braces\) opened on line 11 and never closed: add "\]"/ },
  { file: 'unknown-field.yaml', at: [[5, 1]], message: /Unknown field "couleur"\. Allowed fields: \$schema, version, organisation,/ },
  { file: 'type-undeclared-network.yaml', at: [[11, 62]], message: /Type "quartier" targets "mastodon", which is not declared in networks/ },
  { file: 'person-unknown-group.yaml', at: [[15, 46]], message: /Unknown group "communication" for "dominique"/ },
  { file: 'invalid-timezone.yaml', at: [[5, 11]], message: /Unknown time zone "Europe\/Lyon"/ },
  // One problem, not one per branch of the severity-or-[severity, options] union.
  { file: 'bad-severity.yaml', at: [[17, 19]], message: /"rules\.link-shortener" is "warning"; allowed values: error, warn, off/ },
  { file: 'bad-rule-option.yaml', at: [[17, 35]], message: /"rules\.alt-text\.1\.min_length" must be an integer/ },
  { file: 'unknown-rule.yaml', at: [[17, 3]], message: /Unknown field "link-shortner": did you mean "link-shortener"\?/ },
  { file: 'empty.yaml', at: [[1, 1]], message: /must be a mapping/ },
  // SPEC §16: a key pasted incompletely is named where it is, not silently ignored.
  { file: 'truncated-key.yaml', at: [[15, 78], [18, 14]], message: /Key #1 of "dominique" is not a whole ssh-ed25519 key[\s\S]*forge_key is not a whole ssh-ed25519 key/ },
];

describe('invalid charters', () => {
  it('the valid base charter of the corpus is valid (control)', async ({ expect }) => {
    const r = await runCli(['rules', '--charter', path.join(CHARTERS, 'valid-minimal.yaml'), '--lang', 'en']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('every committed charter fixture is used', ({ expect }) => {
    const committed = readdirSync(CHARTERS).filter((f) => f.endsWith('.yaml') && f !== 'valid-minimal.yaml').sort();
    expect(CHARTER_CASES.map((c) => c.file).sort()).toEqual(committed);
  });

  it.concurrent.for(CHARTER_CASES.map((c) => [c.file, c] as const))('fixtures/charters/%s → exit 2 with file:line:column', async ([, c], { expect }) => {
    const shown = path.join('test/fixtures/charters', c.file);
    const before = readFileSync(path.join(REPO, shown));
    const r = await runCli(['check', 'queue/2026-12-01-jeudiwe-compost.yaml', '--charter', shown, '--lang', 'en']);
    expect(crashSigns(r), r.stderr).toEqual([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const located = [...r.stderr.matchAll(/^\s*(.+?):(\d+):(\d+): (.*)$/gm)];
    for (const m of located) expect(m[1]).toBe(shown);
    expect(located.map((m) => [Number(m[2]), Number(m[3])]), r.stderr).toEqual(c.at);
    expect(r.stderr).toMatch(c.message);
    expect(readFileSync(path.join(REPO, shown))).toEqual(before);
  });

  it('a charter in French by default', async ({ expect }) => {
    const r = await runCli(['check', '--charter', 'test/fixtures/charters/invalid-timezone.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('test/fixtures/charters/invalid-timezone.yaml:5:11: Fuseau horaire inconnu « Europe/Lyon »');
  });
});
