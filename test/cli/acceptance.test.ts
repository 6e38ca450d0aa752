// The acceptance scenario, end to end through the real CLI: one post with three faults
// (a 300-character text on X, an image without alt text, an `offre` aimed at X), in French by
// default, in English by flag or environment, as ESLint JSON and as GitHub annotations.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHARTER, crashSigns, problemLines, runCli, snapshotTree, tempWorkspace } from '../helpers/cli.js';

// Exactly 300 characters, each weighing 1 on X (Latin letters, accents and punctuation).
const TEXT = 'Un bureau se libère dans notre espace partagé au 1er janvier, au calme, avec vue sur la cour. '
  .repeat(4)
  .slice(0, 299) + '!';

const POST = [
  'type: offre',
  'author: camille',
  `text: "${TEXT}"`,
  'link: https://locauxmotiv.fr/offre/bureau-partage',
  'media:',
  '  - file: media/photo.jpg',
  'networks: [twitter]',
  '',
].join('\n');

// On X the link is appended on its own line and weighs 23.
const X_LENGTH = 300 + 1 + 23;

let ws: { root: string; queue: string };
const FILE = 'queue/offre-sur-x.yaml';
const args = (...more: string[]) => ['check', FILE, '--queue', 'queue', '--charter', CHARTER, ...more];

beforeAll(() => {
  expect([...TEXT].length).toBe(300);
  ws = tempWorkspace({ [FILE]: POST });
});
afterAll(() => rmSync(ws.root, { recursive: true, force: true }));

const POSITIONS = [
  { line: 3, column: 7, ruleId: 'max-length' },
  { line: 6, column: 5, ruleId: 'alt-text' },
  { line: 7, column: 12, ruleId: 'network-for-type' },
];

describe('acceptance: an offre on X with a long text and an image without alt', () => {
  it('stylish, French by default: three located errors, exit 1, nothing written', async () => {
    const before = snapshotTree(ws.root);
    const r = await runCli(args(), { cwd: ws.root });
    expect(snapshotTree(ws.root)).toEqual(before);
    expect(crashSigns(r)).toEqual([]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const problems = problemLines(r.stdout);
    expect(problems.map(({ line, column, ruleId }) => ({ line, column, ruleId }))).toEqual(POSITIONS);
    expect(problems.every((p) => p.file === FILE && p.severity === 'erreur')).toBe(true);
    expect(problems[0]!.message).toContain(`Texte trop long pour X (Twitter) : ${X_LENGTH}/280`);
    expect(problems[1]!.message).toContain('Image sans texte alternatif');
    expect(problems[2]!.message).toContain('Un billet « offre » ne va pas sur X (Twitter)');
    expect(r.stdout).toContain('✖ 3 problèmes (3 erreurs, 0 avertissement) dans 1 billet');
  });

  const english = (r: { code: number | null; stdout: string; stderr: string }) => {
    expect(crashSigns(r)).toEqual([]);
    expect(r.code).toBe(1);
    const problems = problemLines(r.stdout);
    expect(problems.map(({ line, column, ruleId }) => ({ line, column, ruleId }))).toEqual(POSITIONS);
    expect(problems.every((p) => p.severity === 'error')).toBe(true);
    expect(problems[0]!.message).toContain(`Text too long for X (Twitter): ${X_LENGTH}/280`);
    expect(problems[1]!.message).toContain('Image without alt text');
    expect(problems[2]!.message).toMatch(/"offre" post does not go to X \(Twitter\)/);
    expect(r.stdout).toContain('✖ 3 problems (3 errors, 0 warnings) in 1 post');
    expect(r.stdout).not.toMatch(/erreur|Texte|billet/);
  };

  it('--lang en: the same, in English (global flag given before the command)', async () => {
    english(await runCli(['--lang', 'en', ...args()], { cwd: ws.root }));
  });

  it('LM_POST_LANG=en: the same, in English', async () => {
    english(await runCli(args(), { cwd: ws.root, env: { LM_POST_LANG: 'en' } }));
  });

  it('--format json: ESLint-compatible JSON', async () => {
    const r = await runCli(args('--format', 'json'), { cwd: ws.root });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout) as unknown;
    expect(Array.isArray(json)).toBe(true);
    const results = json as Record<string, unknown>[];
    expect(results).toHaveLength(1);
    const [res] = results as [{ filePath: string; messages: Record<string, unknown>[]; errorCount: number; warningCount: number }];
    expect(path.isAbsolute(res.filePath)).toBe(true);
    expect(res.filePath).toBe(path.join(ws.root, FILE));
    expect(res.errorCount).toBe(3);
    expect(res.warningCount).toBe(0);
    expect(res.messages).toHaveLength(3);
    for (const m of res.messages) {
      expect(m).toMatchObject({ ruleId: expect.any(String), severity: 2, message: expect.any(String), line: expect.any(Number), column: expect.any(Number) });
      if ('endLine' in m) expect(m.endLine).toBeGreaterThanOrEqual(m.line as number);
    }
    expect(res.messages.map(({ line, column, ruleId }) => ({ line, column, ruleId }))).toEqual(POSITIONS);
    expect(res.messages[0]).toMatchObject({ network: 'twitter' });
    expect(res.messages[0]!.message).toContain(`${X_LENGTH}/280`);
  });

  it('--format github: one ::error annotation per problem', async () => {
    const r = await runCli(args('--format', 'github'), { cwd: ws.root });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    const parsed = lines.map((l) => {
      const m = /^::(error|warning) ([^:]*)::(.*)$/.exec(l);
      expect(m, l).not.toBeNull();
      const props = Object.fromEntries(m![2]!.split(',').map((kv) => kv.split('=') as [string, string]));
      return { level: m![1], props, message: m![3] };
    });
    expect(parsed.map((p) => ({ level: p.level, file: p.props.file, line: Number(p.props.line), col: Number(p.props.col) }))).toEqual(
      POSITIONS.map((p) => ({ level: 'error', file: FILE, line: p.line, col: p.column })),
    );
    expect(parsed.map((p) => p.props.title)).toEqual(['lm-post max-length (twitter)', 'lm-post alt-text', 'lm-post network-for-type']);
    expect(parsed[0]!.message).toContain(`${X_LENGTH}/280`);
  });
});

// GitHub workflow command escaping (as @actions/core does it): the message ("data") escapes
// % CR LF; properties (file, title…) escape those and also ':' and ','.
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

describe('--format github escaping', () => {
  const name = 'bizarre,nom:50%\nligne.yaml';
  let w: { root: string; queue: string };
  beforeAll(() => {
    w = tempWorkspace({
      // publish_at's value carries % , : CR LF into the message.
      [`queue/${name}`]: 'type: quartier\nauthor: malik\ntext: Un billet au nom de fichier bizarre.\npublish_at: "50% demain,\\r\\nmatin: oui"\n',
    });
  });
  afterAll(() => rmSync(w.root, { recursive: true, force: true }));

  it('escapes the file property and the message as workflow commands require', async () => {
    const r = await runCli(['check', `queue/${name}`, '--queue', 'queue', '--charter', CHARTER, '--format', 'github', '--lang', 'en'], { cwd: w.root });
    expect(crashSigns(r)).toEqual([]);
    expect(r.code).toBe(1);
    // One annotation, on one physical line.
    expect(r.stdout.endsWith('\n')).toBe(true);
    const lines = r.stdout.slice(0, -1).split('\n');
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line).not.toContain('\r');
    const file = escapeProperty(`queue/${name}`);
    expect(file).toBe('queue/bizarre%2Cnom%3A50%25%0Aligne.yaml');
    expect(line.startsWith(`::error file=${file},line=4,`)).toBe(true);
    expect(line).toContain(',col=13,');
    expect(line).toContain(',title=lm-post schema::');
    const message = line.slice(line.indexOf('::', 2) + 2);
    // In data, ':' and ',' stay as they are; % is escaped. The value's CR LF never reaches the
    // annotation: the schema message shows it inert on one line (printable: %0D%0A as text,
    // issue 21), and that text's % is escaped in turn.
    expect(message).toContain('"publish_at" is not in the expected form: "50%25 demain,%250D%250Amatin: oui"');
    expect(decodeData(message)).toContain('"50% demain,%0D%0Amatin: oui"');
    expect(message).toBe(escapeData(decodeData(message)));
    // Property values contain no raw separator: splitting on ',' then '=' gives the properties back.
    const props = line.slice(2 + 'error '.length, line.indexOf('::', 2)).split(',');
    expect(props.map((p) => p.split('=')[0])).toEqual(expect.arrayContaining(['file', 'line', 'col', 'title']));
    expect(decodeProperty(props.find((p) => p.startsWith('file='))!.slice(5))).toBe(`queue/${name}`);
  });
});

function decodeData(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}
function decodeProperty(s: string): string {
  return s.replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}
