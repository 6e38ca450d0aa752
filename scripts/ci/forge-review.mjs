#!/usr/bin/env node
// A validator's review on GitHub becomes signed decisions (SPEC §16): the action's `review`
// command, on pull_request_review (submitted). The logic is lm-post's (src/review/forge.ts).
//   forge-review.mjs EVENT_JSON [--push]     needs LM_POST_FORGE_KEY; run in the checkout of the branch
import { forgeReview } from '../../dist/review/forge.js';
import { LmPostError } from '../../dist/errors.js';
import { processIo } from '../../dist/cli/io.js';

const args = process.argv.slice(2);
const eventPath = args.find((a) => !a.startsWith('--')) ?? process.env.GITHUB_EVENT_PATH;
const io = processIo();
const lang = process.env.LM_POST_LANG === 'en' ? 'en' : 'fr';
if (!eventPath) {
  io.err(lang === 'fr' ? 'Usage : forge-review.mjs EVENEMENT.json [--push]\n' : 'Usage: forge-review.mjs EVENT.json [--push]\n');
  process.exitCode = 2;
} else {
  try {
    process.exitCode = await forgeReview(io, { eventPath, push: args.includes('--push') });
  } catch (e) {
    if (!(e instanceof LmPostError)) {
      // Never a stack trace: say what failed, in one line.
      io.err(`lm-post forge-review: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`);
      process.exitCode = 1;
    } else {
      io.err(e.format(lang) + '\n');
      process.exitCode = e.exitCode;
    }
  }
}
