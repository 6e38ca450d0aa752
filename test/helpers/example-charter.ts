// The example charter as the scenarios written for X, Mastodon and Facebook know it: charter/charter.yaml
// without its Bluesky mirror (issue 16 made X's types mirror to Bluesky too). Those scenarios count
// posts, requests and output lines per network; Bluesky has its own scenarios, against its emulator
// and a real PDS (test/bluesky-pds/), and the sandbox's own flows (demo, publish --sandbox) use the
// charter whole. The block is cut out of the text, so every other line stays byte for byte (tests
// edit the copy with string replacements).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function charterWithoutBluesky(): string {
  const lines = readFileSync(path.join(REPO, 'charter/charter.yaml'), 'utf8').split('\n');
  const start = lines.indexOf('  bluesky:');
  if (start < 0) throw new Error('charter/charter.yaml has no networks.bluesky block');
  let end = start + 1;
  while (end < lines.length && lines[end]!.startsWith('    ')) end++;
  return [...lines.slice(0, start), ...lines.slice(end)].join('\n');
}
