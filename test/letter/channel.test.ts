// The letter is a channel, not a social network: letter-only posts are never published to a
// network, never counted for duplicates or cadence there, and approved with the letter.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { loadCharter } from '../../src/charter/load.js';
import { NETWORK_IDS, targetNetworks } from '../../src/charter/types.js';
import { inLetter, letterOnly } from '../../src/letter/membership.js';
import { postTargets } from '../../src/render/index.js';
import { REPO } from '../helpers/cli.js';
import { RuleTester } from '../helpers/rule-tester.js';
import { exampleWorkspace } from './helpers.js';

const charter = loadCharter(path.join(REPO, 'charter/charter.yaml'), REPO);

describe('letter as a channel', () => {
  it('targets never include the letter; a type for a network and the letter targets the network (and its mirrors)', () => {
    expect(NETWORK_IDS).not.toContain('letter');
    expect(postTargets({ type: 'nouveaux-membres', author: 'camille' }, charter)).toEqual([]);
    expect(targetNetworks(charter, ['letter'])).toEqual([]);
    expect(targetNetworks(charter, ['twitter', 'letter'])).toEqual(['twitter', 'mastodon', 'bluesky']);
    expect(postTargets({ type: 'evenement', author: 'camille', networks: ['facebook', 'letter'] }, charter)).toEqual(['facebook']);
  });

  it('membership: letter-only types, letter: true, by a section’s type, letter: false', () => {
    expect(letterOnly({ type: 'petit-rdv', author: 'lea' }, charter)).toBe(true);
    expect(inLetter({ type: 'evenement', author: 'camille' }, charter)).toBe(true);
    expect(letterOnly({ type: 'evenement', author: 'camille' }, charter)).toBe(false);
    expect(inLetter({ type: 'evenement', author: 'camille', letter: false }, charter)).toBe(false);
    expect(inLetter({ type: 'veille', author: 'malik' }, charter)).toBe(false);
    expect(inLetter({ type: 'veille', author: 'malik', letter: true }, charter)).toBe(true);
  });

  it('publish never picks a letter-only post, even with --ignore-schedule', async ({ onTestFinished }) => {
    const ws = exampleWorkspace(onTestFinished);
    const [approve, r, c] = await Promise.all([
      // approve --all leaves letter-only items alone: they are approved with the letter.
      ws.run(['approve', '--all', '--as', 'dominique']),
      // Unapproved, every social post is listed with its reason; letter-only posts are not even considered.
      ws.run(['publish', '--dry-run', '--ignore-schedule']),
      ws.run(['check', '--require-approval', 'queue/2026-12-10-petit-rdv-repas-partage.yaml']),
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/jeudiwe-compost/);
    expect(r.stdout).not.toMatch(/nouveaux-membres|appel-benevoles|petit-rdv/);
    expect(approve.code).toBe(0);
    expect(approve.stdout).not.toMatch(/nouveaux-membres|appel-benevoles|petit-rdv/);
    expect(readFileSync(path.join(ws.queue, '2026-12-10-petit-rdv-repas-partage.yaml'), 'utf8')).not.toMatch(/^review:/m);
    expect(c.code, c.stdout).toBe(0);
    expect(c.stdout).not.toMatch(/approval/);
  });

  it('a charter whose type goes to the letter without a letter: section is invalid, with the position', async ({ onTestFinished }) => {
    const ws = exampleWorkspace(onTestFinished);
    const file = path.join(ws.root, 'charter', 'charter.yaml');
    const c = YAML.parse(readFileSync(file, 'utf8'));
    delete c.letter;
    writeFileSync(file, YAML.stringify(c));
    const r = await ws.run(['check']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/charter\/charter\.yaml:\d+:\d+: Le type « nouveaux-membres » va dans la lettre, mais la charte n’a pas de section letter:/);
  });
});

RuleTester.run('duplicate', {
  valid: [
    {
      name: 'letter-only items with the same text are no duplicate: they go to no network',
      post: 'type: appel-benevoles\nauthor: yanis\ntext: Chantier peinture samedi.\npublish_at: 2026-12-02T09:00:00+01:00\n',
      others: ['type: appel-benevoles\nauthor: lea\ntext: Chantier peinture samedi.\npublish_at: 2026-12-03T09:00:00+01:00\n'],
    },
  ],
  invalid: [
    {
      name: 'a post also in the letter is still a duplicate on its network',
      post: 'type: quartier\nauthor: yanis\ntext: Marché solidaire samedi.\nletter: true\npublish_at: 2026-12-02T09:00:00+01:00\n',
      others: ['type: quartier\nauthor: lea\ntext: Marché solidaire samedi.\n'],
      errors: [{ messageId: 'queued', line: 3, column: 7, network: 'facebook' }],
    },
  ],
});

RuleTester.run('approval', {
  valid: [{ name: 'a letter-only item needs no approval of its own', post: 'type: petit-rdv\nauthor: lea\ntext: Repas.\nevent:\n  name: Repas\n  starts: 2026-12-10T12:30:00+01:00\n', force: ['approval'] }],
  invalid: [
    {
      name: 'an event also in the letter still needs its approval to be published',
      post: 'type: evenement\nauthor: camille\ntext: Fête.\nletter: true\nevent:\n  name: Fête\n  starts: 2026-12-18T19:00:00+01:00\n  place: Cour\n',
      force: ['approval'],
      errors: [{ messageId: 'missing', line: 1, column: 1 }],
    },
  ],
});
