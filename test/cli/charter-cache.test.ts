// Issue 21, point 15: the validated-charter cache is bound to the charter it was made from (its
// digest, hashed again on load, and a MAC under the user's private key), in a private folder.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runCli, tempWorkspace } from '../helpers/cli.js';

describe('charter cache', () => {
  it('lives in a 0700 folder, and a forged entry (another charter under the right key) is never loaded', async () => {
    const { root } = tempWorkspace({ 'queue/http.yaml': 'type: veille\nauthor: malik\ntext: À lire.\nlink: http://pas-https.fr/x\n' });
    cpSync(path.join(REPO, 'charter'), path.join(root, 'charter'), { recursive: true });
    const cache = path.join(root, 'home-cache');
    mkdirSync(path.join(cache, 'lm-post'), { recursive: true, mode: 0o755 });
    chmodSync(path.join(cache, 'lm-post'), 0o755);
    const env = { XDG_CACHE_HOME: cache };
    const first = await runCli(['check', 'queue/http.yaml'], { cwd: root, env });
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/link-https/);
    const dir = path.join(cache, 'lm-post');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const entryName = readdirSync(dir).find((f) => /^charter-[0-9a-f]{32}\.json$/.test(f))!;
    const entryFile = path.join(dir, entryName);
    const entry = JSON.parse(readFileSync(entryFile, 'utf8')) as { key: string; data?: Record<string, unknown>; json?: string };
    const data = (entry.data ?? JSON.parse(entry.json!)) as { rules: Record<string, unknown> };
    // Someone who can write the folder relaxes a rule, under the key anyone can compute.
    const forged = { ...data, rules: { ...data.rules, 'link-https': 'off' } };
    const bytes = readFileSync(path.join(root, 'charter/charter.yaml'));
    const charter = createHash('sha256').update(bytes).digest('hex');
    const json = JSON.stringify(forged);
    writeFileSync(entryFile, JSON.stringify({ key: entry.key, data: forged, charter, json, mac: createHmac('sha256', randomBytes(32)).update(`${entry.key}\0${charter}\0${json}`).digest('hex') }));
    const second = await runCli(['check', 'queue/http.yaml'], { cwd: root, env });
    expect(second.code, second.stdout).toBe(1);
    expect(second.stdout).toMatch(/link-https/);
  }, 30_000);
});
