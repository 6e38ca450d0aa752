// The library: everything a command does is callable from here, so tests and CI scripts take
// the same path as the CLI.
export { run } from './cli/main.js';
export { loadCharter } from './charter/load.js';
export type { Charter, NetworkId } from './charter/types.js';
export { lintFiles, lintPost, type LintMessage, type LintResult } from './lint/engine.js';
export { FORMATTERS } from './format/index.js';
export { readPost, listQueue } from './post/read.js';
export { postDigest } from './post/digest.js';
export { renderPost, postTargets } from './render/index.js';
export { networkLength } from './render/length.js';
export { RULES } from './rules/index.js';
export { approvalVerdict } from './rules/approval.js';
export { selectPosts, publishToNetwork } from './publish/publisher.js';
// The publishing run (publish, live, letter --send) and its events.
export { publishPosts, type RunEvent, type RunResult } from './publish/run.js';
export { dryRunPlan } from './publish/dry-run.js';
export { startSandbox } from './sandbox/index.js';
// The people's workflow (SPEC §11).
export { listPosts, POST_STATES, type ListRow, type PostState } from './workflow/states.js';
export { decide, reviewHistory, editedSinceReview } from './workflow/decisions.js';
export { parseWhen, isoInZone, suggestSlot } from './workflow/when.js';
export { slugify, slugFromText, freeName } from './workflow/slug.js';
export { postYaml, postBaseName, writeNewPost, importImage } from './workflow/compose.js';
export { liveCount, formatCount, altMinLength } from './workflow/count.js';
export { alreadyInThread, appendThreadItem, parseImageLine } from './workflow/live.js';
export { openLiveRun } from './publish/live.js';
// SPEC §14: the fortnightly letter and the website feed.
export { assembleLetter, letterDigest } from './letter/assemble.js';
export { renderHtml as renderLetterHtml, renderText as renderLetterText, renderMjml as renderLetterMjml } from './letter/render.js';
export { fortnightOf } from './letter/dates.js';
export { inLetter, letterOnly } from './letter/membership.js';
export { buildFeed, renderFeeds } from './feed/build.js';
export { startSmtpSandbox, sandboxMessages } from './sandbox/smtp.js';
