// approve and publish write their blocks into the post "keeping its comments and layout" (SPEC §6):
// a post written freely (comment lines, aligned inline comments, a folded scalar, a quoted link,
// a flow sequence, a closing comment) must come back with the author's bytes untouched.
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { type CliResult } from '../helpers/cli.js';
import { makeWorkspace, sandboxEnv, splitOwnBlocks, type Workspace } from '../helpers/publish-env.js';

const ID = 'veille-mise-en-page-libre';
const POST = [
  '# yaml-language-server: $schema=../charter/post.schema.json',
  '# Une veille écrite à la main, avec sa mise en page.',
  '',
  'type: veille   # type aligné',
  'author: malik',
  'text: >-',
  '  Le panorama des tiers-lieux, avec {@france-tiers-lieux} :',
  '  à lire ! #TiersLieux',
  '',
  "link: 'https://observatoire-tiers-lieux.example.org/panorama-2026'",
  'networks: [ twitter ]   # et son miroir Mastodon',
  '# fin du billet',
  '',
].join('\n');

// A simpler layout, like the example queue's: only a closing comment.
const ID2 = 'veille-commentaire-final';
const POST2 = [
  'type: veille',
  'author: malik',
  'text: |',
  '  Un guide pratique sur la gouvernance partagée dans les associations. #ESS',
  'link: https://cooperer.example.org/guides/gouvernance-partagee',
  '# relu par le GR GRESSE',
  '',
].join('\n');

let sb: Sandbox;
let ws: Workspace;
let approve: CliResult;
let publish: CliResult;
let approved: string;
let approved2: string;

// Started on import, so that every scenario of the suite runs its CLI processes concurrently.
const ready = (async () => {
  sb = await startSandbox();
  ws = makeWorkspace([]);
  ws.write(ID, POST);
  ws.write(ID2, POST2);
  approve = await ws.cli(['approve', ID, ID2, '--as', 'sacha']);
  approved = ws.read(ID);
  approved2 = ws.read(ID2);
  publish = await ws.cli(['publish', ID, ID2], sandboxEnv(sb));
})();
ready.catch(() => {}); // reported by beforeAll
beforeAll(() => ready, 120_000);

afterAll(async () => {
  await sb?.close();
  ws?.remove();
});

describe('the author’s layout survives approve and publish', () => {
  it('the post is approved and published (content is what matters to the networks)', () => {
    expect(approve.code, approve.stdout).toBe(0);
    expect(publish.code, publish.stdout + publish.stderr).toBe(0);
    expect(sb.posts('twitter').map((p) => p.text)).toContain(
      'Le panorama des tiers-lieux, avec @FTiersLieux : à lire ! #TiersLieux\nhttps://observatoire-tiers-lieux.example.org/panorama-2026',
    );
    const data = parse(ws.read(ID)) as { published?: Record<string, unknown> };
    expect(Object.keys(data.published ?? {}).sort()).toEqual(['mastodon', 'twitter']);
  });

  it('approve keeps every byte of a freely laid-out post', () => {
    expect(approved.startsWith(POST.trimEnd())).toBe(true);
  });

  it('publish keeps every byte of it too', () => {
    expect(ws.read(ID).startsWith(POST.trimEnd())).toBe(true);
  });

  it('a closing comment stays where the author put it: lm-post’s blocks go after the author’s text', () => {
    expect(splitOwnBlocks(approved2).authored).toBe(POST2);
  });

  it('the content itself is unchanged (semantically)', () => {
    const strip = (t: string) => {
      const { review: _r, published: _p, ...rest } = parse(t) as Record<string, unknown>;
      return rest;
    };
    expect(strip(ws.read(ID))).toEqual(parse(POST));
    expect(strip(ws.read(ID2))).toEqual(parse(POST2));
  });
});
