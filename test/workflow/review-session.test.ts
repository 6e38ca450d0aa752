// `lm-post review` on a real terminal (tmux): GR Médias approves one post, sends one back with
// a note and rejects a third; never sees their own post; a colleague's earlier request stays in
// the history, and a post edited since that request is waiting again.
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

describe.skipIf(!hasTmux)('lm-post review, the session', () => {
  it('approves, requests changes with a note, rejects with a note — oldest first, never own posts', async () => {
    ws = makeWorkspace([Q.veillePanorama, Q.presence, Q.veilleBudget, Q.ag]);
    const sentBack = await ws.cli(['request-changes', Q.veillePanorama, '--as', 'sacha', '--note', 'Précisez le chapitre']);
    expect(sentBack.code, sentBack.stdout + sentBack.stderr).toBe(0);
    let list = JSON.parse((await ws.cli(['list', '--json', '--state', 'changes-requested'])).stdout);
    expect(list.map((r: { id: string }) => r.id)).toEqual([Q.veillePanorama]);
    // The author edits the post: it waits for review again.
    ws.write(Q.veillePanorama, ws.read(Q.veillePanorama).replace('Le nouveau panorama', 'Le nouveau panorama national'));

    term = tmuxLmPost(ws.root, ['review'], { LM_POST_USER: 'dominique', EDITOR: "sed -i 's/toute la journée/toute la journée du samedi/'" });
    await term.waitFor(`━━ 1/3 ${Q.veillePanorama}`);
    // Dates as people read them, in the charter's zone (the file keeps ISO).
    await term.waitFor('· type veille · jeudi 3 décembre 2026 à 08:30 (Europe/Paris)\n');
    await term.waitFor(/^ {2}\S+ \d+(er)? \S+ \d{4} à \d\d:\d\d \(Europe\/Paris\) {2}sacha {2}changes-requested {2}« Précisez le chapitre »/m);
    await term.waitFor('Décision');
    term.keys('Enter'); // approve
    await term.waitFor(`━━ 2/3 ${Q.presence}`);
    await term.waitForCount('Décision', 2);
    // Edit in $EDITOR: the post is shown again, re-checked, with the edit.
    term.keys('Down', 'Down', 'Down', 'Down', 'Enter');
    await term.waitFor('toute la journée du samedi');
    await term.waitForCount(`━━ 2/3 ${Q.presence}`, 2);
    await term.waitForCount('Décision', 3);
    term.keys('Down', 'Enter'); // request changes
    await term.waitFor('Note pour l’auteur·e');
    term.type('Ajoutez la date du forum');
    await term.waitFor(`━━ 3/3 ${Q.veilleBudget}`);
    await term.waitForCount('Décision', 4);
    term.keys('Down', 'Down', 'Enter'); // reject
    await term.waitForCount('Note pour l’auteur·e', 2);
    term.type('Hors de notre veille');
    const screen = await term.waitFor('3 décision(s) enregistrée(s) ; 0 billet(s) encore à relire.');
    expect(await term.exitCode()).toBe(0);
    expect(screen).not.toContain(Q.ag); // Dominique's own post

    const review = (id: string) => parseDocument(ws!.read(id)).toJS().review;
    expect(review(Q.veillePanorama)).toMatchObject({ state: 'approved', by: 'dominique' });
    expect(review(Q.veillePanorama).history).toMatchObject([
      { state: 'changes-requested', by: 'sacha', note: 'Précisez le chapitre' },
      { state: 'approved', by: 'dominique' },
    ]);
    expect(review(Q.presence)).toMatchObject({ state: 'changes-requested', by: 'dominique', note: 'Ajoutez la date du forum' });
    expect(review(Q.veilleBudget)).toMatchObject({ state: 'rejected', by: 'dominique', note: 'Hors de notre veille' });
    // review.at in the charter's zone, with its offset.
    expect(review(Q.veilleBudget).at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/);
    list = JSON.parse((await ws.cli(['list', '--json'])).stdout);
    const state = (id: string) => list.find((r: { id: string }) => r.id === id).state;
    expect([state(Q.veillePanorama), state(Q.presence), state(Q.veilleBudget), state(Q.ag)]).toEqual(['scheduled', 'changes-requested', 'rejected', 'draft']);
  });

  it('an unknown identity is told what was tried and how to fix it', async () => {
    ws = makeWorkspace([Q.presence]);
    const r = await ws.cli(['review'], { LM_POST_USER: undefined, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', HOME: ws.root });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--as : (absent) ; LM_POST_USER : (absent) ; git user.email : (absent)');
    expect(r.stderr).toContain('lm-post review --as IDENTIFIANT');
  });
});
