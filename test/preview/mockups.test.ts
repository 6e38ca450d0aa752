// The mockups' pieces, from the real charter and renderPost: links shortened as each network
// shows them (the whole URL stays in the text), mentions as each network recognises them, the
// account from the charter, the X cost per item, problems pinned to their network.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCharter } from '../../src/charter/load.js';
import type { LintMessage } from '../../src/lint/engine.js';
import { accountOf, LOOKS } from '../../src/preview/looks.js';
import { postMockups } from '../../src/preview/model.js';
import { segments, type Segment } from '../../src/preview/text.js';
import { mockupHtml } from '../../src/preview/html.js';
import { CHARTER, REPO } from '../helpers/cli.js';
import { parseYamlText } from '../../src/util/yaml.js';
import type { PostData } from '../../src/post/types.js';

const charter = loadCharter(CHARTER, REPO);
const QUEUE = path.join(REPO, 'queue');
const URL = 'https://www.observatoire.example.org/publications/panorama-2026-des-tiers-lieux';
const link = (segs: Segment[]) => segs.find((s) => s.kind === 'link') as Extract<Segment, { kind: 'link' }>;

describe('links as each network shows them', () => {
  it('X: without scheme or www., 23 characters then an ellipsis; the whole URL kept', () => {
    const l = link(segments(`À lire : ${URL}`, LOOKS.twitter.text(charter)));
    expect(l).toMatchObject({ before: 'https://www.', shown: 'observatoire.example.or', after: 'g/publications/panorama-2026-des-tiers-lieux' });
    expect(l.before + l.shown + l.after).toBe(URL);
    expect(l.href).toBe(URL);
  });

  it('Mastodon: 30 characters shown; a bare domain is not a link there, but is on X', () => {
    const l = link(segments(URL, LOOKS.mastodon.text(charter)));
    expect(l.shown).toBe('observatoire.example.org/publi');
    expect(segments('voir locauxmotiv.fr/agenda', LOOKS.mastodon.text(charter)).some((s) => s.kind === 'link')).toBe(false);
    expect(link(segments('voir locauxmotiv.fr/agenda', LOOKS.twitter.text(charter)))).toMatchObject({ text: 'locauxmotiv.fr/agenda' });
    // Not https: shown, never linked.
    expect(link(segments('voir locauxmotiv.fr/agenda', LOOKS.twitter.text(charter))).href).toBeUndefined();
    expect(link(segments('http://insecure.example.org/x', LOOKS.twitter.text(charter))).href).toBeUndefined();
  });

  it('Facebook and the letter: the address as written', () => {
    expect(link(segments(URL, LOOKS.facebook.text(charter)))).toMatchObject({ before: '', shown: URL, after: '' });
    expect(link(segments(URL, LOOKS.letter.text(charter)))).toMatchObject({ shown: URL });
  });
});

describe('mentions and hashtags', () => {
  it('X @name, Mastodon @user (domain hidden), Facebook Page names, hashtags everywhere', () => {
    const x = segments('Merci @CressAURA et #ESS !', LOOKS.twitter.text(charter));
    expect(x.filter((s) => s.kind !== 'text').map((s) => [s.kind, s.text])).toEqual([
      ['mention', '@CressAURA'],
      ['hashtag', '#ESS'],
    ]);
    const m = segments('Merci @cressaura@mastodon.example !', LOOKS.mastodon.text(charter));
    expect(m.find((s) => s.kind === 'mention')).toEqual({ kind: 'mention', text: '@cressaura', hidden: '@mastodon.example' });
    const f = segments('Avec Compost Lyon et la CRESS', LOOKS.facebook.text(charter));
    expect(f.find((s) => s.kind === 'mention')).toEqual({ kind: 'mention', text: 'Compost Lyon' });
    // An e-mail address is no mention.
    expect(segments('écrire à lettre@locauxmotiv.fr', LOOKS.twitter.text(charter)).some((s) => s.kind === 'mention')).toBe(false);
  });

  it('the segments put back together are the text, whatever it holds', () => {
    for (const text of ['', 'a', '<b>x</b> https://a.example/"q" #T @u\n\u202Eevil', `${'x'.repeat(5000)} https://e.example`]) {
      for (const look of Object.values(LOOKS)) {
        const segs = segments(text, look.text(charter));
        expect(segs.map((s) => (s.kind === 'mention' ? s.text + (s.hidden ?? '') : s.text)).join('')).toBe(text);
      }
    }
  });
});

describe('the mockups of a post', () => {
  it('the account from the charter, else the organisation', () => {
    expect(accountOf(charter, 'twitter')).toEqual({ name: "Locaux Motiv'", handle: '@LocauxMotiv' });
    expect(accountOf(charter, 'mastodon')).toEqual({ name: "Locaux Motiv'", handle: '@locauxmotiv@mastodon.example' });
    expect(accountOf(charter, 'facebook')).toEqual({ name: "Locaux Motiv'", handle: '' });
    expect(accountOf(charter, 'bluesky')).toEqual({ name: "Locaux Motiv'", handle: '@locauxmotiv.bsky.social' });
    expect(accountOf(charter, 'letter')).toEqual({ name: "Locaux Motiv'", handle: 'lettre@locauxmotiv.fr' });
    const other = { ...charter, organisation: 'Café Ô Lien', networks: { ...charter.networks, twitter: { ...charter.networks.twitter!, account: { handle: 'CafeOLien' } } } };
    expect(accountOf(other, 'twitter')).toEqual({ name: 'Café Ô Lien', handle: '@CafeOLien' });
    expect(accountOf(other, 'mastodon').name).toBe("Locaux Motiv'");
  });

  it('a thread: one item per post with its count and X cost; problems pinned to their network', () => {
    const data = {
      type: 'livetweet',
      author: 'ines',
      text: '1/ Début du fil #ESS',
      thread: [{ text: '2/ Avec un lien https://locauxmotiv.fr/agenda' }, { text: '3/ Fin' }],
    };
    const messages: LintMessage[] = [
      { ruleId: 'max-length', messageId: 'x', severity: 2, message: 'Trop long pour X', line: 3, column: 7, network: 'twitter' },
      { ruleId: 'alt-text', messageId: 'y', severity: 1, message: 'Sans réseau', line: 5, column: 1 },
    ];
    const { mockups, general } = postMockups(data, charter, path.join(QUEUE, 'x.yaml'), QUEUE, messages, 'fr');
    // The example charter mirrors X to Mastodon and Bluesky.
    expect(mockups.map((m) => m.look)).toEqual(['twitter', 'mastodon', 'bluesky']);
    expect(mockups[2]!.items.map((i) => i.max)).toEqual([300, 300, 300]);
    expect(mockups[2]!.problems).toEqual([]);
    const x = mockups[0]!;
    expect(x.items.map((i) => i.text)).toEqual(['1/ Début du fil #ESS', '2/ Avec un lien https://locauxmotiv.fr/agenda', '3/ Fin']);
    expect(x.items.map((i) => i.cost)).toEqual([0.015, 0.2, 0.015]);
    expect(x.cost).toBe(0.23);
    expect(x.items.map((i) => i.max)).toEqual([280, 280, 280]);
    expect(x.problems.map((p) => p.message)).toEqual(['Trop long pour X']);
    expect(mockups[1]!.problems).toEqual([]);
    expect(mockups[1]!.threadVisibility).toBe('unlisted');
    expect(general.map((p) => p.message)).toEqual(['Sans réseau']);
    const html = mockupHtml(x, 'fr', 2, 'x');
    expect(html).toContain('3 publications en fil');
    expect(html.match(/class="post chained"/g)).toHaveLength(2);
  });

  it('a problem about one post of a thread is pinned to that post', () => {
    const source = ['type: livetweet', 'author: ines', 'text: "1/ Début"', 'thread:', '  - text: "2/ Suite"', '  - text: "3/ Fin trop longue"', ''].join('\n');
    const parsed = parseYamlText(source);
    const messages: LintMessage[] = [
      { ruleId: 'max-length', messageId: 'x', severity: 2, message: 'Trop long (3/)', line: 6, column: 11, network: 'twitter' },
      { ruleId: 'max-length', messageId: 'x', severity: 2, message: 'Trop long (1/)', line: 3, column: 7, network: 'twitter' },
    ];
    const { mockups } = postMockups(parsed.value as PostData, charter, path.join(QUEUE, 'x.yaml'), QUEUE, messages, 'fr', parsed);
    const x = mockups[0]!;
    expect(x.items.map((i) => (i.problems ?? []).map((p) => p.message))).toEqual([[], [], ['Trop long (3/)']]);
    expect(x.problems.map((p) => p.message)).toEqual(['Trop long (1/)']);
    expect(mockupHtml(x, 'fr', 2, 'x')).toMatch(/3\/ Fin trop longue.*class="pins in-item"><li class="err"><strong>✗ Erreur<\/strong> Trop long \(3\/\)/s);
  });
});
