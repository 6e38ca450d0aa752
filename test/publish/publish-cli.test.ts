// Whole-CLI publish scenarios: bin/lm-post as a subprocess, against the sandbox emulators over
// loopback, through the real SDKs. Each scenario module starts its setup (CLI runs) as soon as it
// is imported, so all scenarios run concurrently in this one file (vitest runs test files one
// after the other on a 2-CPU machine); their assertions then run in order.
import './content.scenario.js';
import './refusals.scenario.js';
import './dry-run.scenario.js';
import './networks-json.scenario.js';
import './sandbox-flow.scenario.js';
import './layout.scenario.js';
import './leaks.scenario.js';
import './networks-2026.scenario.js';
import './review-summary.scenario.js';
