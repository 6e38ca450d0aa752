// SPEC §17 (issue 18): the wizard and the review session on a real terminal (tmux) say nothing in
// English in French mode — @inquirer's own checks included (« You must provide a value ») — and a
// past-dated post is offered « Reporter », not an « Approuver » that would be refused.
import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { makeWorkspace, Q, type Workspace } from '../helpers/publish-env.js';
import { hasTmux, type Tmux, tmuxLmPost } from '../helpers/tmux.js';

let ws: Workspace | undefined;
let term: Tmux | undefined;
afterEach(() => {
  term?.kill();
  ws?.remove();
  ws = term = undefined;
});

/** Words of the libraries' English that must never reach a French-speaking volunteer. */
const ENGLISH = /\b(You must|provide a|valid value|Use arrow|arrow keys|navigate|Press|Invalid input|Decision|Approve|Reschedule|Skip|Quit|is past|required)\b/;

const MONDAY = { LM_POST_NOW: '2026-12-07T09:00:00+01:00' };

describe.skipIf(!hasTmux)('French only, on a terminal', () => {
  it('the wizard: an empty required answer is refused in French, and no English is ever shown', async () => {
    ws = makeWorkspace([]);
    const screens: string[] = [];
    term = tmuxLmPost(ws.root, ['new'], { LM_POST_USER: 'malik', ...MONDAY });
    screens.push(await term.waitFor('Type de billet'));
    term.keys('Enter'); // veille
    screens.push(await term.waitFor('Auteur·e'));
    term.keys('Enter');
    screens.push(await term.waitFor('Texte, ligne 1'));
    term.type('Le panorama des tiers-lieux vient de paraître');
    await term.waitFor('Texte, ligne 2');
    term.keys('Enter');
    await term.waitFor('Texte, ligne 3');
    term.keys('Enter');
    screens.push(await term.waitFor('Lien (obligatoire)'));
    term.keys('Enter'); // nothing typed: refused, in French
    screens.push(await term.waitFor('Une réponse est nécessaire.'));
    term.type('https://observatoire.example.org/panorama');
    screens.push(await term.waitFor('Image (chemin du fichier'));
    term.keys('Enter');
    screens.push(await term.waitFor('Date de publication'));
    term.type('jeudi prochain 10h');
    screens.push(await term.waitFor('jeudi 10 décembre 2026 à 10:00 (Europe/Paris) ?'));
    term.keys('Enter');
    screens.push(await term.waitFor('aucun problème'));
    expect(await term.exitCode()).toBe(0);
    for (const s of screens) expect(s).not.toMatch(ENGLISH);
    const file = readdirSync(ws.queue).find((f) => f.endsWith('.yaml'))!;
    expect(file).toMatch(/^2026-12-10-/);
  });

  it('review: a past-dated post is offered « Reporter »; the new date is said back, then it is approved — all in French', async () => {
    ws = makeWorkspace([Q.veillePanorama]);
    const screens: string[] = [];
    term = tmuxLmPost(ws.root, ['review'], { LM_POST_USER: 'dominique', ...MONDAY });
    screens.push(await term.waitFor(`━━ 1/1 ${Q.veillePanorama}`));
    // The same words as check, list and publish --dry-run.
    screens.push(await term.waitFor(`ou reportez-le avec lm-post reschedule ${Q.veillePanorama} QUAND`));
    const menu = await term.waitFor('Reporter (la date est passée)');
    screens.push(menu);
    expect(menu).not.toContain('Approuver');
    term.keys('Enter');
    screens.push(await term.waitFor('Nouvelle date de publication'));
    term.keys('Enter'); // empty: refused in French
    screens.push(await term.waitFor('Une réponse est nécessaire.'));
    term.type('jeudi prochain 11h');
    screens.push(await term.waitFor('Publication reportée au jeudi 10 décembre 2026 à 11:00 (Europe/Paris)'));
    // Shown again with its new date: now « Approuver ».
    screens.push(await term.waitForCount(`━━ 1/1 ${Q.veillePanorama}`, 2));
    screens.push(await term.waitFor('Approuver'));
    term.keys('Enter');
    screens.push(await term.waitFor('1 décision(s) enregistrée(s) ; 0 billet(s) encore à relire.'));
    expect(await term.exitCode()).toBe(0);
    for (const s of screens) expect(s).not.toMatch(ENGLISH);
    const doc = parseDocument(ws.read(Q.veillePanorama)).toJS() as { publish_at: string; review: { state: string; by: string } };
    expect(doc.publish_at).toBe('2026-12-10T11:00:00+01:00');
    expect(doc.review).toMatchObject({ state: 'approved', by: 'dominique' });
    const list = JSON.parse((await ws.cli(['list', '--json'], MONDAY)).stdout) as { id: string; state: string }[];
    expect(list.find((r) => r.id === Q.veillePanorama)?.state).toBe('scheduled');
  });
});
