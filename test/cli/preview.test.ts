// `lm-post preview <id>`: what each target network receives, with counts, thread positions,
// alt texts, the publication time in the charter's zone, and the check results.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHARTER, crashSigns, runCli, snapshotTree, tempWorkspace } from '../helpers/cli.js';

// 129 characters + "\n" + a link (23 on X) = 153 on X and on Mastodon.
const VEILLE_TEXT = 'Le panorama 2026 des tiers-lieux est paru : un chapitre entier sur les quartiers prioritaires, utile pour nos voisin·es du 7e.';
const VEILLE = [
  'type: veille',
  'author: malik',
  `text: "${VEILLE_TEXT.padEnd(129, '!')}"`,
  'link: https://observatoire.example.org/panorama-2026-tiers-lieux-quartiers',
  'publish_at: 2026-12-02T13:00:00Z',
  '',
].join('\n');

const EVENEMENT = [
  'type: evenement',
  'author: yanis',
  'text: |',
  '  MardiPro de décembre : financer son projet ESS, avec {@ronalpia}.',
  'media:',
  '  - file: media/photo.jpg',
  '    alt: "Une salle de réunion lumineuse avec une grande table en bois"',
  'publish_at: 2026-07-01T10:00:00',
  'event:',
  '  name: MardiPro financement',
  '  starts: 2026-07-07T12:00:00+02:00',
  '  place: Locaux Motiv’, Lyon 7e',
  '',
].join('\n');

const LIVETWEET = [
  'type: livetweet',
  'author: ines',
  'text: "1/ Nous sommes au forum régional des tiers-lieux. #TiersLieux"',
  'event: { name: Forum régional des tiers-lieux }',
  'thread:',
  '  - text: "2/ Première table ronde sur la coopération entre lieux."',
  '    media: [{ file: media/photo.jpg, alt: "Huit personnes autour d’une table ronde" }]',
  '  - text: "3/ {@france-tiers-lieux} présente son nouveau panorama."',
  '  - text: "4/ Fin de la matinée, merci à toutes et à tous !"',
  '',
].join('\n');

const BROKEN = 'type: offre\nauthor: camille\ntext: "Un bureau se libère, visites sur rendez-vous."\nlink: http://locauxmotiv.fr/offre\n';

let ws: { root: string; queue: string };
beforeAll(() => {
  ws = tempWorkspace({
    'queue/veille-panorama.yaml': VEILLE,
    'queue/evenement-mardipro.yaml': EVENEMENT,
    'queue/livetweet-forum.yaml': LIVETWEET,
    'queue/offre-http.yaml': BROKEN,
  });
});
afterAll(() => rmSync(ws.root, { recursive: true, force: true }));

const preview = (id: string, ...more: string[]) => runCli(['preview', id, '--queue', 'queue', '--charter', CHARTER, ...more], { cwd: ws.root });

describe('lm-post preview', () => {
  it('a veille: X and its Mastodon mirror, counts, time in Europe/Paris, check results', async () => {
    const before = snapshotTree(ws.root);
    const r = await preview('veille-panorama');
    expect(snapshotTree(ws.root)).toEqual(before);
    expect(crashSigns(r)).toEqual([]);
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toContain('── X (Twitter)');
    expect(out).toContain('── Mastodon (miroir de X (Twitter))');
    expect(out).toContain('153/280');
    expect(out).toContain('153/500');
    expect(out).not.toContain('Facebook');
    // 13:00Z is 14:00 in Paris in December.
    expect(out).toMatch(/Publication : mercredi 2 décembre 2026 à 14:00 \(Europe\/Paris\)/);
    expect(out).toContain('  │ https://observatoire.example.org/panorama-2026-tiers-lieux-quartiers');
    expect(out).toContain('✓ 1 billet vérifié, aucun problème.');
    // X comes before its mirror.
    expect(out.indexOf('── X (Twitter)')).toBeLessThan(out.indexOf('── Mastodon'));
    // Pay-per-use: the X bill of this post, which has a link (SPEC §12); none on Mastodon.
    expect(out).toContain('coût X : 0,20 USD (1 billet(s) avec lien à 0,20 USD)');
    expect(out.match(/coût X/g)).toHaveLength(1);
  });

  it('an evenement: Facebook only, mention as a name, image alt text, local time without offset', async () => {
    const r = await preview('evenement-mardipro');
    expect(crashSigns(r)).toEqual([]);
    expect(r.stdout).toContain('── Facebook');
    expect(r.stdout).not.toContain('── X (Twitter)');
    expect(r.stdout).not.toContain('── Mastodon');
    expect(r.stdout).toMatch(/\d+\/63206/);
    expect(r.stdout).toContain('  │ MardiPro de décembre : financer son projet ESS, avec Ronalpia.');
    expect(r.stdout).toContain('media/photo.jpg — alt : Une salle de réunion lumineuse avec une grande table en bois');
    // A time without offset is in the charter's zone (summer time here).
    expect(r.stdout).toContain('mercredi 1er juillet 2026 à 10:00 (Europe/Paris)');
  });

  it('a live-tweet thread: [n/4] per item on X and Mastodon, handles rendered per network', async () => {
    const r = await preview('livetweet-forum');
    expect(crashSigns(r)).toEqual([]);
    for (let i = 1; i <= 4; i++) expect(r.stdout.split(`[${i}/4] `).length - 1).toBe(2);
    expect(r.stdout).toMatch(/\[2\/4\] \d+\/280/);
    expect(r.stdout).toMatch(/\[2\/4\] \d+\/500/);
    expect(r.stdout).toContain('3/ @FTiersLieux présente');
    expect(r.stdout).toContain('3/ @francetierslieux@mastodon.example présente');
    expect(r.stdout).toContain('alt : Huit personnes autour d’une table ronde');
    expect(r.stdout).toContain('réponses : non listé');
    // Four posts without a link (0.015 each) and one alt text (media/metadata, 0.005): 0.065 USD.
    expect(r.stdout).toContain('coût X : 0,065 USD (4 billet(s) sans lien à 0,015 USD, 1 texte(s) alternatif(s) à 0,005 USD)');
    const en = await preview('livetweet-forum', '--lang', 'en');
    expect(en.stdout).toContain('X cost: 0.065 USD (4 post(s) without a link at 0.015 USD, 1 alt text(s) at 0.005 USD)');
  });

  it('shows the check results of a post with problems, and exits 1', async () => {
    const r = await preview('offre-http');
    expect(crashSigns(r)).toEqual([]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('── Facebook');
    expect(r.stdout).toMatch(/queue\/offre-http\.yaml:4:7 +erreur +Lien non sécurisé « http:\/\/locauxmotiv\.fr\/offre »/);
  });

  it('in English with --lang en, by path as well as by id', async () => {
    const r = await preview('queue/veille-panorama.yaml', '--lang', 'en');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('153/280');
    expect(r.stdout).toContain('── Mastodon (mirror of X (Twitter))');
    expect(r.stdout).toContain('Wednesday, 2 December 2026 at 14:00 (Europe/Paris)');
    expect(r.stdout).toContain('✓ 1 post checked, no problems.');
  });

  it('an unknown id is a usage error (exit 2)', async () => {
    const unknown = await preview('nexiste-pas');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Billet introuvable : nexiste-pas');
    expect(crashSigns(unknown)).toEqual([]);
  });

  it('a malformed post: no crash, the schema problem is shown, exit 1', async () => {
    const w = tempWorkspace({ 'queue/casse.yaml': 'type: quartier\nauthor: malik\ntext: [pas, un, texte]\n' });
    try {
      const r = await runCli(['preview', 'casse', '--queue', 'queue', '--charter', CHARTER], { cwd: w.root });
      expect(crashSigns(r)).toEqual([]);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/casse\.yaml:3:7 +erreur/);
    } finally {
      rmSync(w.root, { recursive: true, force: true });
    }
  });
});
