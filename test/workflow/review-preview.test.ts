// `lm-post review` offers « Voir l'aperçu » (SPEC §19): on a real terminal (tmux), the choice
// writes the post's preview page and hands it to the reviewer's browser ($BROWSER here, a script
// that records what it was given), then shows the same post again for the decision.
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorkspace, Q, type Workspace } from '../helpers/publish-env.js';
import { hasTmux, type Tmux, tmuxLmPost } from '../helpers/tmux.js';

let ws: Workspace | undefined;
let term: Tmux | undefined;
afterEach(() => {
  term?.kill();
  ws?.remove();
  ws = term = undefined;
});

describe.skipIf(!hasTmux)('lm-post review: « Voir l’aperçu »', () => {
  it('opens the post’s mockups in the browser, then asks again', async () => {
    ws = makeWorkspace([Q.presence]);
    const seen = path.join(ws.root, 'browser-got.txt');
    const browser = path.join(ws.root, 'fake-browser');
    writeFileSync(browser, `#!/bin/sh\nprintf '%s' "$1" > '${seen}'\n`);
    chmodSync(browser, 0o755);
    term = tmuxLmPost(ws.root, ['review'], { LM_POST_USER: 'dominique', BROWSER: browser });
    await term.waitFor(`━━ 1/1 ${Q.presence}`);
    await term.waitFor('Voir l’aperçu');
    term.keys('Down', 'Down', 'Down', 'Down', 'Down', 'Enter');
    const screen = await term.waitFor(/Aperçu ouvert dans le navigateur : (\S+\.html)/);
    const file = /Aperçu ouvert dans le navigateur : (\S+\.html)/.exec(screen)![1]!;
    await term.waitForCount(`━━ 1/1 ${Q.presence}`, 2);
    await term.waitForCount('Décision', 2);
    for (let i = 0; i < 50 && !readSafe(seen); i++) await new Promise((r) => setTimeout(r, 100));
    expect(readSafe(seen)).toBe(file);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain(`<h1>${Q.presence}</h1>`);
    expect(html).toContain('class="net net-twitter"');
    rmSync(path.dirname(file), { recursive: true, force: true });
    term.keys('Down', 'Down', 'Down', 'Down', 'Down', 'Down', 'Enter'); // quit
    await term.waitFor('0 décision(s) enregistrée(s) ; 1 billet(s) encore à relire.');
    expect(await term.exitCode()).toBe(0);
  });
});

function readSafe(f: string): string {
  try {
    return readFileSync(f, 'utf8');
  } catch {
    return '';
  }
}
