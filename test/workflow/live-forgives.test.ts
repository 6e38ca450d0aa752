// SPEC §17 (issue 18): live-tweeting that forgives, on a real terminal (tmux) to the embedded
// sandbox — a rehearsal weeks before the event runs on the event's clock, a refused line comes
// back pre-filled and is fixed by editing it, and a summary ends the session.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { makeWorkspace, type Workspace } from '../helpers/publish-env.js';
import { hasTmux, type Tmux, tmuxLmPost } from '../helpers/tmux.js';

let ws: Workspace | undefined;
let term: Tmux | undefined;
afterEach(() => {
  term?.kill();
  ws?.remove();
  ws = term = undefined;
});

describe.skipIf(!hasTmux)('lm-post live forgives', () => {
  it('rehearses on the event’s clock, gives a refused line back for editing, and ends with a summary', async () => {
    ws = makeWorkspace([]);
    // The tests' clock is 30 November; the event is on 11 December.
    ws.write('live', `type: livetweet\nauthor: ines\ntext: "1/ En direct des Rencontres de l'ESS #ESS"\nevent:\n  name: Rencontres de l'ESS\n  starts: 2026-12-11T09:30:00+01:00\n  ends: 2026-12-11T17:00:00+01:00\n`);
    term = tmuxLmPost(ws.root, ['live', 'live', '--sandbox']);
    await term.waitFor('Répétition (bac à sable) : l’horloge est celle de l’événement, vendredi 11 décembre 2026 à 09:30 (Europe/Paris).');
    await term.waitFor(/Mastodon \[1\] http/);
    await term.waitFor('Élément 2');
    term.type('2/ Le programme est ici http://example.org/programme');
    await term.waitFor('Élément refusé, rien n’a été envoyé : il revient ci-dessous, corrigez-le.');
    // The line is back at the prompt, editable: delete the bad address and type the right one.
    await term.waitFor(/Élément 2 2\/ Le programme est ici http:\/\/example\.org\/programme/);
    term.keys(...Array<string>(28).fill('BSpace'));
    term.type('https://example.org/programme');
    await term.waitFor(/Mastodon \[2\] http/);
    await term.waitFor('Élément 3');
    term.keys('Enter');
    const screen = await term.waitFor('Fin du direct — élément(s) publié(s) : X (Twitter) 2, Mastodon 2 ; 1 ligne(s) refusée(s) ; dernier : http');
    expect(await term.exitCode()).toBe(0);
    expect(screen).not.toMatch(/You must|Item refused/);
    const data = parseDocument(readFileSync(path.join(ws.root, '.lm-post/sandbox/live/queue/live.yaml'), 'utf8')).toJS() as { thread: { text: string }[] };
    expect(data.thread).toEqual([{ text: '2/ Le programme est ici https://example.org/programme' }]);
  });
});
