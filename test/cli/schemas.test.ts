// charter/post.schema.json and charter/charter.schema.json are generated from the code
// (`npm run schemas`) and committed so editors find them. They must not drift from the code.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCharterSchema } from '../../src/charter/schema.js';
import { POST_SCHEMA } from '../../src/post/schema.js';
import { REPO } from '../helpers/cli.js';

const pretty = (v: unknown) => JSON.stringify(v, null, 2) + '\n';

function committed(name: string): string {
  const file = path.join(REPO, 'charter', name);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new Error(`${path.relative(REPO, file)} is missing: run \`npm run schemas\` and commit it.`);
  }
}

describe('generated JSON Schemas are up to date (npm run schemas)', () => {
  it('charter/post.schema.json', () => {
    expect(committed('post.schema.json'), 'stale: run `npm run schemas`').toBe(pretty(POST_SCHEMA));
  });

  it('charter/charter.schema.json', () => {
    expect(committed('charter.schema.json'), 'stale: run `npm run schemas`').toBe(pretty(buildCharterSchema()));
  });

  it('the example posts point editors at the post schema', () => {
    const post = readFileSync(path.join(REPO, 'queue/2026-12-01-jeudiwe-compost.yaml'), 'utf8');
    expect(post.split('\n')[0]).toBe('# yaml-language-server: $schema=../charter/post.schema.json');
  });
});
