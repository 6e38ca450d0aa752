// `lm-post new` on a real terminal (tmux): a veille with a photo from outside the queue
// (~/Images/IMG_2041.jpg) and a French date; the written post passes `check`.
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { REPO, runCli } from '../helpers/cli.js';
import { makeWorkspace, type Workspace } from '../helpers/publish-env.js';
import { hasTmux, type Tmux, tmuxLmPost } from '../helpers/tmux.js';

let ws: Workspace | undefined;
let term: Tmux | undefined;
afterEach(() => {
  term?.kill();
  ws?.remove();
  ws = term = undefined;
});

/**
 * The wizard's last step, « demain 10h » confirmed; then exit 0, exactly one post written, and
 * that post passes `check` on its own. Returns the post's file name and text.
 */
async function finishOnDemain10h(t: Tmux, w: Workspace): Promise<{ file: string; text: string }> {
  await t.waitFor('Date de publication');
  t.type('demain 10h');
  await t.waitFor(/à 10:00 \(Europe\/Paris\) \?/);
  t.keys('Enter');
  await t.waitFor('aucun problème');
  expect(await t.exitCode()).toBe(0);
  const files = readdirSync(w.queue).filter((f) => f.endsWith('.yaml'));
  expect(files).toHaveLength(1);
  const check = await runCli(['check', path.join('queue', files[0]!)], { cwd: w.root });
  expect(check.code, check.stdout).toBe(0);
  return { file: files[0]!, text: readFileSync(path.join(w.queue, files[0]!), 'utf8') };
}

describe.skipIf(!hasTmux)('lm-post new, the wizard', () => {
  it('writes a post with a photo from outside the queue and « demain 10h », and it passes check', async () => {
    ws = makeWorkspace([]);
    const home = path.join(ws.root, 'home');
    mkdirSync(path.join(home, 'Images'), { recursive: true });
    copyFileSync(path.join(REPO, 'queue/media/compost.jpg'), path.join(home, 'Images/IMG_2041.jpg'));
    // A file of that name already in queue/media/: the copy must not replace it.
    copyFileSync(path.join(REPO, 'queue/media/bocaux.jpg'), path.join(ws.queue, 'media/img-2041.jpg'));
    term = tmuxLmPost(ws.root, ['new'], { HOME: home, LM_POST_USER: 'malik' });
    await term.waitFor('Type de billet');
    term.keys('Enter'); // veille, the first type
    await term.waitFor('Auteur·e');
    term.keys('Enter'); // default: the current identity (malik)
    await term.waitFor('Texte, ligne 1 (mentions');
    term.type('Le panorama des tiers-lieux vient de paraître #TiersLieux', false);
    // The live count, as the text will be sent.
    await term.waitFor(/X \(Twitter\) \d+\/280 · Mastodon \d+\/500/);
    term.keys('Enter');
    await term.waitFor('Texte, ligne 2');
    term.keys('Enter'); // an empty line…
    await term.waitFor('Texte, ligne 3 (Entrée sur une ligne vide : fini)');
    term.keys('Enter'); // …and a second one: done
    await term.waitFor('Lien (obligatoire)');
    term.type('https://observatoire.example.org/panorama');
    await term.waitFor('Image (chemin');
    term.type('~/Images/IMG_2041.jpg');
    await term.waitFor('Texte alternatif');
    term.type('trop court');
    await term.waitFor('Au moins 15 caractères');
    term.keys('C-u');
    term.type('Trois bacs à compost en bois dans la cour');
    await term.waitFor('Image copiée dans queue/media/img-2041-2.jpg');
    await term.waitForCount('Image (chemin', 2);
    term.keys('Enter');
    const { file, text } = await finishOnDemain10h(term, ws);
    expect(file).toMatch(/^\d{4}-\d{2}-\d{2}-le-panorama-des-tiers-lieux\.yaml$/);
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../charter/post.schema.json');
    const data = parseDocument(text).toJS();
    expect(data).toMatchObject({ type: 'veille', author: 'malik', link: 'https://observatoire.example.org/panorama', media: [{ file: 'media/img-2041-2.jpg', alt: 'Trois bacs à compost en bois dans la cour' }] });
    expect(data.publish_at).toMatch(/^\d{4}-\d{2}-\d{2}T10:00:00\+0[12]:00$/);
    expect(readFileSync(path.join(ws.queue, 'media/img-2041-2.jpg')).equals(readFileSync(path.join(home, 'Images/IMG_2041.jpg')))).toBe(true);
    expect(readFileSync(path.join(ws.queue, 'media/img-2041.jpg')).equals(readFileSync(path.join(REPO, 'queue/media/bocaux.jpg')))).toBe(true);
    rmSync(home, { recursive: true, force: true });
  });

  it('takes a text of two paragraphs line by line, with the live count of the whole text; it is written as such and passes check', async () => {
    ws = makeWorkspace([]);
    term = tmuxLmPost(ws.root, ['new'], { LM_POST_USER: 'malik' });
    await term.waitFor('Type de billet');
    term.keys('Enter'); // veille
    await term.waitFor('Auteur·e');
    term.keys('Enter'); // malik
    await term.waitFor('Texte, ligne 1 (mentions');
    term.keys('Enter'); // an empty first line: the text is required
    await term.waitFor('Le texte est obligatoire');
    term.type('Le panorama des tiers-lieux vient de paraître.');
    await term.waitFor('Texte, ligne 2 (ligne vide : nouveau paragraphe ; deux : fini)');
    term.keys('Enter'); // blank line: a new paragraph
    await term.waitFor('Texte, ligne 3 (Entrée sur une ligne vide : fini)');
    // The count covers both paragraphs (46 + 2 + 24 characters; the link is not asked yet).
    term.type('Cent pages, à lire vite.', false);
    await term.waitFor(/Cent pages, à lire vite\. {3}\[X \(Twitter\) 72\/280/);
    term.keys('Enter');
    await term.waitFor('Texte, ligne 4 (ligne vide');
    term.keys('Enter');
    await term.waitFor('Texte, ligne 5 (Entrée sur une ligne vide : fini)');
    term.keys('Enter');
    await term.waitFor('Lien (obligatoire)');
    term.type('https://observatoire.example.org/panorama');
    await term.waitFor('Image (chemin');
    term.keys('Enter');
    const { text } = await finishOnDemain10h(term, ws);
    expect(parseDocument(text).toJS().text).toBe('Le panorama des tiers-lieux vient de paraître.\n\nCent pages, à lire vite.');
  });
});
