// `lm-post rules`, `--help` in both languages, and colour handling (SPEC §10: colours only on a
// TTY and never with NO_COLOR).
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ANSI, BIN, CHARTER, cleanEnv, crashSigns, runCli, tempWorkspace } from '../helpers/cli.js';

// Every rule id of SPEC §5.
const RULE_IDS = [
  'schema', 'type-known', 'author-allowed', 'required-fields', 'network-for-type', 'thread-allowed', 'max-length',
  'alt-text', 'media-file', 'mentions-known', 'link-https', 'link-shortener', 'hashtags-max', 'hashtag-case',
  'publish-window', 'event-dates', 'schedule-past', 'text-hygiene', 'duplicate', 'inclusive-writing',
  'french-typography', 'approval', 'cadence', 'x-budget',
  // SPEC §14: letter items (section, date, the letter's own limits).
  'letter-item',
  // Issue 21: publication receipts as lm-post writes them, on approved posts.
  'receipts',
];

describe('lm-post rules', () => {
  it('lists every rule id with its severity from the charter', async () => {
    const r = await runCli(['rules']);
    expect(crashSigns(r)).toEqual([]);
    expect(r.code).toBe(0);
    const rows = new Map(
      r.stdout
        .trimEnd()
        .split('\n')
        .map((l) => /^([a-z-]+)\s+(erreur|attention|désactivée)\s+\S/.exec(l))
        .filter((m): m is RegExpExecArray => !!m)
        .map((m) => [m[1]!, m[2]!]),
    );
    expect([...rows.keys()].sort()).toEqual([...RULE_IDS].sort());
    expect(rows.get('max-length')).toBe('erreur');
    expect(rows.get('hashtag-case')).toBe('attention');
    expect(rows.get('french-typography')).toBe('désactivée');
    expect(rows.get('schema')).toBe('erreur');
  });

  it('in English, and following the charter given', async () => {
    const w = tempWorkspace({
      'charter.yaml': `version: 1
organisation: Test
timezone: Europe/Paris
networks: { facebook: { label: Facebook, max_length: 1000, max_media: 4, max_hashtags: 3 } }
types: { quartier: { label: Quartier, networks: [facebook] } }
groups: { medias: { label: Médias, types: "*" } }
people: [{ id: dominique, name: Dominique, group: medias }]
rules: { max-length: warn, hashtag-case: off, french-typography: [error, {}], schema: off }
`,
    });
    try {
      const r = await runCli(['rules', '--charter', 'charter.yaml', '--lang', 'en'], { cwd: w.root });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^max-length\s+warn\s/m);
      expect(r.stdout).toMatch(/^hashtag-case\s+off\s/m);
      expect(r.stdout).toMatch(/^french-typography\s+error\s/m);
      // schema is always on, whatever the charter says.
      expect(r.stdout).toMatch(/^schema\s+error\s/m);
      expect(r.stdout).toMatch(/^alt-text\s+error\s+Every image has alt text/m);
    } finally {
      rmSync(w.root, { recursive: true, force: true });
    }
  });
});

describe('help', () => {
  it('--help: French by default, exit 0, lists the commands', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Publier sur les réseaux sociaux');
    expect(r.stdout).toContain('vérifie les billets selon la charte');
    for (const c of ['check', 'preview', 'rules']) expect(r.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
  });

  it('--help in French has no English chrome (Usage:, Options:, Commands:, choices:, default:)', async () => {
    const [top, check] = await Promise.all([runCli(['--help']), runCli(['check', '--help'])]);
    for (const r of [top, check]) {
      expect(r.stdout).not.toMatch(/^(Usage|Options|Commands|Arguments):/m);
      expect(r.stdout).not.toMatch(/\(choices: |\(default: /);
    }
  });

  it('check --help: French by default, the check options', async () => {
    const r = await runCli(['check', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--format');
    expect(r.stdout).toContain('--max-warnings');
    const flat = r.stdout.replace(/\s+/g, ' ');
    expect(flat).toContain('format de sortie : stylish (lisible), json (compatible ESLint), github (annotations)');
    expect(flat).toContain('échoue (code 1) au-delà de N avertissements');
  });

  it('--lang en and LM_POST_LANG=en: English help', async () => {
    const [flag, env, checkEn] = await Promise.all([
      runCli(['--help', '--lang', 'en']),
      runCli(['--help'], { env: { LM_POST_LANG: 'en' } }),
      runCli(['check', '--help', '--lang', 'en']),
    ]);
    for (const r of [flag, env]) {
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Publish to social networks following your collective’s publishing charter.');
      expect(r.stdout.replace(/\s+/g, ' ')).toContain('check posts against the charter');
      expect(r.stdout).not.toContain('vérifie');
    }
    const flat = checkEn.stdout.replace(/\s+/g, ' ');
    expect(flat).toContain('output format: stylish (for people), json (ESLint-compatible), github (annotations)');
    expect(flat).toContain('fail (exit 1) above N warnings');
    expect(flat).not.toMatch(/vérifie|chemin|billet/);
  });

  it('help works without a charter (from any folder)', async () => {
    const w = tempWorkspace();
    try {
      const r = await runCli(['check', '--help'], { cwd: w.root });
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
    } finally {
      rmSync(w.root, { recursive: true, force: true });
    }
  });

  it('--version prints the version, exit 0', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('colours', () => {
  const BAD = { 'queue/mauvais.yaml': 'type: quartier\nauthor: malik\ntext: "Merci {@personne} pour le #jeudiwe."\n' };

  it('piped (not a TTY): no ANSI escapes in any output, even without NO_COLOR', async () => {
    const w = tempWorkspace(BAD);
    try {
      const env = { NO_COLOR: undefined, FORCE_COLOR: undefined };
      const argv = ['--queue', 'queue', '--charter', CHARTER];
      const runs = await Promise.all([
        runCli(['check', ...argv], { cwd: w.root, env }),
        runCli(['preview', 'mauvais', ...argv], { cwd: w.root, env }),
        runCli(['rules', '--charter', CHARTER], { cwd: w.root, env }),
        runCli(['check', '--nope'], { cwd: w.root, env }),
      ]);
      expect(runs[0]!.code).toBe(1);
      for (const r of runs) {
        expect(r.stdout).not.toMatch(ANSI);
        expect(r.stderr).not.toMatch(ANSI);
      }
    } finally {
      rmSync(w.root, { recursive: true, force: true });
    }
  });

  // A real terminal, through util-linux `script` when it is available.
  const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
  it.skipIf(!hasScript)('on a TTY: colours, unless NO_COLOR is set or TERM=dumb', () => {
    const w = tempWorkspace(BAD);
    try {
      const cmd = [process.execPath, BIN, 'check', '--queue', 'queue', '--charter', CHARTER].map((a) => `'${a}'`).join(' ');
      const onTty = (extra: Record<string, string | undefined>) =>
        execFileSync('script', ['-qec', cmd, '/dev/null'], { cwd: w.root, env: cleanEnv({ NO_COLOR: undefined, TERM: 'xterm', ...extra }), encoding: 'utf8', timeout: 20_000 }).toString();
      const tryTty = (extra: Record<string, string | undefined>) => {
        try {
          return onTty(extra);
        } catch (e) {
          return String((e as { stdout?: string }).stdout ?? '');
        }
      };
      expect(tryTty({})).toMatch(ANSI);
      expect(tryTty({ NO_COLOR: '1' })).not.toMatch(ANSI);
      expect(tryTty({ TERM: 'dumb' })).not.toMatch(ANSI);
    } finally {
      rmSync(w.root, { recursive: true, force: true });
    }
  });
});
