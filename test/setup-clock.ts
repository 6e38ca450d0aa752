// Set up for every test file (vitest setupFiles).
//
// The example queue is dated (December 2026). Every test judges schedules as on the eve of its
// first post, whatever the real date: in-process code reads LM_POST_NOW through currentTime(),
// and CLI runs get it from the helpers' cleanEnv(). Journal and receipt times keep the real clock.
import os from 'node:os';
import path from 'node:path';

export const EXAMPLE_NOW = '2026-11-30T09:00:00+01:00';
process.env.LM_POST_NOW = EXAMPLE_NOW;

/** The tests' "now" in milliseconds: build relative dates from it, never from Date.now(). */
export const EXAMPLE_NOW_MS = Date.parse(EXAMPLE_NOW);

// The user's cache folder (the shared charter cache) is a temporary one: tests never write into
// the home folder of whoever runs them. CLI runs inherit it through the helpers' cleanEnv().
process.env.XDG_CACHE_HOME = path.join(os.tmpdir(), 'lm-post-test-cache');

// The charter's example validators sign their decisions with the public DEMONSTRATION key of
// test/fixtures/keys/ (SPEC §16; see its README). CLI runs get it from the helpers' cleanEnv();
// a test about keys sets or removes LM_POST_SIGNING_KEY itself.
export const DEMO_SIGNING_KEY = path.resolve(import.meta.dirname, 'fixtures/keys/demo-validator');
process.env.LM_POST_SIGNING_KEY = DEMO_SIGNING_KEY;
