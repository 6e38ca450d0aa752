// The publish summary tells a post scheduled later and approved from one scheduled later that is
// not approved (or rejected): a later date alone never means it will go out. Real sandbox, the
// example queue's dates judged at EXAMPLE_NOW; one post due now is really published.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RecordedRequest, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { crashSigns, type CliResult, EXAMPLE_NOW } from '../helpers/cli.js';
import { createRequests, makeWorkspace, Q, sandboxEnv, setPublishAt, type Workspace } from '../helpers/publish-env.js';

const DUE = Q.veilleBudget; // approved, no date: goes out now (X and Mastodon)
const LATER_APPROVED = Q.veillePanorama; // 3 December, approved
const LATER_DRAFT = Q.presence; // 5 December, never reviewed
const LATER_REJECTED = Q.ag; // 12 December, rejected

interface Skipped {
  post: string;
  reason: string;
  at?: string;
  approved?: boolean;
  review?: string;
}

let sb: Sandbox;
let ws: Workspace;
let fr: CliResult;
let frRequests: RecordedRequest[];
let en: CliResult;
let json: CliResult;
let after: RecordedRequest[];

const ready = (async () => {
  sb = await startSandbox();
  ws = makeWorkspace([DUE, LATER_APPROVED, LATER_DRAFT, LATER_REJECTED], { [DUE]: setPublishAt(undefined) });
  const now = { LM_POST_NOW: EXAMPLE_NOW };
  const a = await ws.cli(['approve', DUE, LATER_APPROVED, '--as', 'sacha'], now);
  expect(a.code, a.stdout + a.stderr).toBe(0);
  const r = await ws.cli(['reject', LATER_REJECTED, '--as', 'sacha', '--note', 'Trop tôt, on en reparle'], now);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  const env = { ...sandboxEnv(sb), ...now };
  fr = await ws.cli(['publish'], env);
  frRequests = [...sb.requests];
  en = await ws.cli(['publish', '--lang', 'en'], env);
  json = await ws.cli(['publish', '--json'], env);
  after = sb.requests.slice(frRequests.length);
})();
ready.catch(() => {}); // reported by beforeAll
beforeAll(() => ready, 120_000);

afterAll(async () => {
  await sb?.close();
  ws?.remove();
});

describe('publish summary: scheduled and approved, or scheduled but awaiting approval', () => {
  it('publishes the due post only, as before', () => {
    expect(crashSigns(fr)).toEqual([]);
    expect(fr.code, fr.stdout + fr.stderr).toBe(0);
    expect(createRequests(frRequests, 'twitter')).toHaveLength(1);
    expect(createRequests(frRequests, 'mastodon')).toHaveLength(1);
    expect(createRequests(frRequests, 'facebook')).toEqual([]);
    // The later runs send nothing: the scheduled posts wait, approved or not.
    expect(createRequests(after)).toEqual([]);
  });

  it('in French: 3 scheduled later, of which 1 not approved yet and 1 rejected', () => {
    expect(fr.stdout).toContain('Résumé : 2 publication(s) faite(s), 3 programmé(s) plus tard (dont 1 pas encore approuvé(s) et 1 refusé(s)).');
  });

  it('in English, on a run with nothing new', () => {
    expect(en.code, en.stdout + en.stderr).toBe(0);
    expect(en.stdout).toContain('Nothing new to publish: 1 post(s) already published, 3 scheduled later (1 not approved yet and 1 rejected).');
  });

  it('--json: each scheduled entry says whether it is approved and its review state (as lm-post list names it)', () => {
    expect(json.code, json.stderr).toBe(0);
    const out = JSON.parse(json.stdout) as { skipped: Skipped[]; alreadyPublished: string[] };
    expect(out.alreadyPublished).toEqual([DUE]);
    const byPost = Object.fromEntries(out.skipped.map((s) => [s.post, s]));
    expect(Object.keys(byPost).sort()).toEqual([LATER_APPROVED, LATER_DRAFT, LATER_REJECTED].sort());
    expect(byPost[LATER_APPROVED]).toEqual({ post: LATER_APPROVED, reason: 'scheduled', at: '2026-12-03T07:30:00.000Z', approved: true, review: 'approved' });
    expect(byPost[LATER_DRAFT]).toEqual({ post: LATER_DRAFT, reason: 'scheduled', at: '2026-12-05T09:30:00.000Z', approved: false, review: 'draft' });
    expect(byPost[LATER_REJECTED]).toMatchObject({ reason: 'scheduled', approved: false, review: 'rejected' });
  });
});
