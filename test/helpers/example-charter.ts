// The example charter as the scenarios written for X, Mastodon and Facebook know it: charter/charter.yaml
// without its Bluesky mirror (issue 16 made X's types mirror to Bluesky too). Those scenarios count
// posts, requests and output lines per network; Bluesky has its own scenarios, against its emulator
// and a real PDS (test/bluesky-pds/), and the sandbox's own flows (demo, publish --sandbox) use the
// charter whole.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function charterWithoutBluesky(): string {
  const doc = parseDocument(readFileSync(path.join(REPO, 'charter/charter.yaml'), 'utf8'));
  doc.deleteIn(['networks', 'bluesky']);
  return doc.toString();
}
