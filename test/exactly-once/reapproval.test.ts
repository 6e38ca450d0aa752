// Issue 21, point 19: receipts and journal lost, and the posts re-approved a day later with a new
// date (as lm-post asks when an approval goes stale). The look-up of copies already on the account
// covers the post's whole life (since its first approval), so nothing goes out a second time.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { cli, expectNoDuplicates, publishCli, QUARTIER, receipts, setup } from './helpers.js';

/** Facebook only, with a photo: with two page posts, Graph's #506 (latest post only) cannot protect. */
const PANIERS = '2026-12-10-vie-membres-paniers-zero-dechet';

describe('receipts and journal lost, then a re-approval with a new date', () => {
  it('the Facebook posts already on the Page are recorded, not sent again', async ({ onTestFinished }) => {
    const { sb, ws } = await setup(onTestFinished, [QUARTIER, PANIERS]);
    const pristine = new Map([QUARTIER, PANIERS].map((id) => [id, readFileSync(ws.file(id), 'utf8')]));
    const first = await publishCli(ws, sb);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(sb.posts('facebook')).toHaveLength(2);
    // A checkout without receipts nor .lm-post/ …
    for (const [id, text] of pristine) writeFileSync(ws.file(id), text);
    rmSync(path.join(ws.root, '.lm-post'), { recursive: true, force: true });
    // … and a day later the validator moves the date and approves again.
    const later = new Date(Date.now() + 24 * 3600_000);
    const iso = later.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const env = { ...sb.env, LM_POST_NOW: iso };
    const sentBack = await cli(ws.root, ['request-changes', QUARTIER, PANIERS, '--as', 'dominique', '--note', 'Nouvelle date à confirmer'], env);
    expect(sentBack.code, sentBack.stdout + sentBack.stderr).toBe(0);
    const reapproved = await cli(ws.root, ['approve', QUARTIER, PANIERS, '--as', 'dominique'], env);
    expect(reapproved.code, reapproved.stdout + reapproved.stderr).toBe(0);
    const review = YAML.parse(readFileSync(ws.file(QUARTIER), 'utf8')).review as { state: string; by: string; at: string };
    expect(review).toMatchObject({ state: 'approved', by: 'dominique' });
    expect(Date.parse(review.at)).toBeGreaterThan(Date.now());
    const again = await publishCli(ws, sb, [], { LM_POST_NOW: iso });
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(sb.posts('facebook')).toHaveLength(2);
    expectNoDuplicates(sb, 'facebook');
    expect([receipts(ws, QUARTIER).facebook?.id, receipts(ws, PANIERS).facebook?.id].sort()).toEqual(sb.posts('facebook').map((p) => p.id).sort());
  }, 90_000);
});
