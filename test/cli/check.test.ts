// `lm-post check` exit codes and usage errors (SPEC §10): 0 clean, 1 problems, 2 usage/config.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHARTER, crashSigns, EXAMPLE_NOW, problemLines, REPO, runCli, snapshotTree, tempWorkspace } from '../helpers/cli.js';

let ws: { root: string; queue: string };
const WARN_ONLY = 'queue/quartier-hashtag.yaml';
const CLEAN = 'queue/quartier-propre.yaml';

beforeAll(() => {
  ws = tempWorkspace({
    // hashtag-case is a warning in the charter: #jeudiwe → #JeudiWe.
    [WARN_ONLY]: 'type: quartier\nauthor: malik\ntext: "Les voisin·es sont les bienvenu·es au prochain #jeudiwe de la rue Jangot."\n',
    [CLEAN]: 'type: quartier\nauthor: malik\ntext: La fête de la rue Jangot revient le premier samedi de juin.\n',
  });
});
afterAll(() => rmSync(ws.root, { recursive: true, force: true }));

const inWs = (...a: string[]) => runCli([...a, '--queue', 'queue', '--charter', CHARTER], { cwd: ws.root });

describe('lm-post check', () => {
  it('the example queue of the repository is clean: exit 0, and nothing is written', async () => {
    const before = snapshotTree(`${REPO}/queue`);
    const r = await runCli(['check'], { env: { LM_POST_NOW: EXAMPLE_NOW } });
    expect(crashSigns(r)).toEqual([]);
    expect(r.stderr).toBe('');
    expect(problemLines(r.stdout).filter((p) => p.severity === 'erreur')).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/billets? vérifiés?/);
    expect(snapshotTree(`${REPO}/queue`)).toEqual(before);
  });

  it('a warning-only post passes, unless --max-warnings is exceeded', async () => {
    const [plain, zero] = await Promise.all([inWs('check', WARN_ONLY), inWs('check', WARN_ONLY, '--max-warnings', '0')]);
    expect(problemLines(plain.stdout).map((p) => [p.ruleId, p.severity, p.line, p.column])).toEqual([['hashtag-case', 'attention', 3, 55]]);
    expect(plain.code).toBe(0);
    expect(zero.code).toBe(1);
    expect(zero.stderr).toContain('--max-warnings 0');
  });

  it('a folder argument checks every post in it', async () => {
    const dir = await inWs('check', 'queue', '--max-warnings', '1');
    expect(dir.code).toBe(0);
    expect(dir.stdout).toContain('1 problème (0 erreur, 1 avertissement) dans 2 billets');
  });

  it('a clean post, given by id (file name without .yaml): exit 0 and a one-line summary', async () => {
    const r = await inWs('check', 'quartier-propre');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('✓ 1 billet vérifié, aucun problème.\n');
  });

  describe('usage errors exit 2 with a message on stderr, never a stack trace', () => {
    const cases: [string, string[], RegExp][] = [
      ['unknown flag', ['check', '--nope'], /--nope/],
      ['unknown format', ['check', '--format', 'xml'], /xml/],
      ['bad --max-warnings', ['check', '--max-warnings', 'abc'], /--max-warnings « abc » : un nombre entier d’au moins 0 est attendu/],
      ['negative --max-warnings', ['check', '--max-warnings', '-1'], /-1/],
      ['unknown --lang', ['--lang', 'de', 'check'], /de/],
      ['unknown command', ['frobnicate'], /frobnicate/],
      ['nonexistent path', ['check', 'queue/nexiste-pas.yaml'], /Billet introuvable : queue\/nexiste-pas\.yaml/],
      ['nonexistent queue folder', ['check', '--queue', 'pas-de-file'], /Dossier de billets introuvable/],
    ];
    it.concurrent.for(cases)('%s', async ([, argv, message], { expect }) => {
      const r = await runCli([...argv, '--charter', CHARTER], { cwd: ws.root });
      expect(crashSigns(r)).toEqual([]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    });

    it('missing charter (--charter): exit 2, says which file and how to point to it', async () => {
      const r = await runCli(['check', '--charter', 'nulle-part/charte.yaml'], { cwd: ws.root });
      expect(crashSigns(r)).toEqual([]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('Charte introuvable : nulle-part/charte.yaml');
      expect(r.stderr).toContain('--charter');
    });

    it('missing charter (default path, run from the wrong folder): exit 2, in English with --lang en', async () => {
      const r = await runCli(['check', '--lang', 'en'], { cwd: ws.root });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^Charter not found: charter\/charter\.yaml \(ENOENT\)\. Point to it with --charter PATH/);
    });

    it('a charter path that is a folder: exit 2, not a crash', async () => {
      const r = await runCli(['check', '--charter', 'queue'], { cwd: ws.root });
      expect(crashSigns(r)).toEqual([]);
      expect(r.code).toBe(2);
    });

    it('no arguments at all: help on stdout or stderr, exit 2', async () => {
      const r = await runCli([], { cwd: ws.root });
      expect(r.code).toBe(2);
      expect(r.stdout + r.stderr).toContain('lm-post');
    });
  });
});

describe('LM_POST_NOW', () => {
  it('judges schedules as at the given time: the example queue on the day after its first post warns', async () => {
    const r = await runCli(['check'], { env: { LM_POST_NOW: '2026-12-01T12:00:00+01:00' } });
    expect(r.stdout).toMatch(/schedule-past/);
  });
  it('refuses a value that is not an ISO date-time with offset, naming the variable', async () => {
    const r = await runCli(['check'], { env: { LM_POST_NOW: 'demain' } });
    expect(r.code).toBe(2);
    expect(r.stderr + r.stdout).toMatch(/LM_POST_NOW doit être une date/);
    expect(crashSigns(r)).toEqual([]);
  });
});
