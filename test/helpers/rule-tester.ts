// A small RuleTester in ESLint's model: table tests of one rule, run through the real pipeline
// (post file on disk → readPost/validatePost → lintFiles with the real charter loader), asserting
// message ids and positions rather than prose.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { loadCharter } from '../../src/charter/load.js';
import type { Charter, CharterData } from '../../src/charter/types.js';
import { LmPostError } from '../../src/errors.js';
import type { Lang } from '../../src/i18n/index.js';
import { lintFiles, type LintMessage } from '../../src/lint/engine.js';
import { listQueue } from '../../src/post/read.js';

/** The real charter of the repository, the base of every case. */
export const CHARTER_PATH = path.resolve(import.meta.dirname, '../../charter/charter.yaml');
export const DEFAULT_NOW = '2026-11-28T12:00:00+01:00';

/** A valid 1×1 RGBA PNG. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** Bytes that start like a JPEG (what the sniffer looks at), padded to `size` bytes. */
export function jpegBytes(size = 64): Buffer {
  const b = Buffer.alloc(Math.max(size, 4));
  b.set([0xff, 0xd8, 0xff, 0xe0]);
  return b;
}

export interface ExpectedMessage {
  messageId: string;
  line: number;
  column: number;
  network?: LintMessage['network'];
  severity?: 1 | 2;
  /** Substring (or pattern) of the rendered message, in the case's language. */
  message?: string | RegExp;
}

export interface CaseEnv {
  /** Absolute path of the temporary queue folder. */
  queueDir: string;
  /** Absolute path of the temporary root (the queue's parent and the working directory). */
  rootDir: string;
  /** The case's charter, as loaded (set before the post is written). */
  charter?: Charter;
}

export interface Case {
  name: string;
  /** YAML source of the post under test (or a function of the folders, e.g. to compute a digest). */
  post: string | ((env: CaseEnv) => string);
  /** File name of the post in the queue (default `post.yaml`). */
  postFile?: string;
  /** Tweak a deep copy of the real charter. */
  charter?: (c: CharterData) => void;
  /** Extra files, relative to the queue folder (`../x` lands next to the queue, outside it). */
  files?: Record<string, Buffer | string>;
  /** Symbolic links: link path → target, both relative to the queue folder. */
  symlinks?: Record<string, string>;
  /** Other posts of the queue, as YAML sources (`other-1.yaml`, …) or by file name. */
  others?: string[] | Record<string, string>;
  /** The clock (ISO 8601); default DEFAULT_NOW. */
  now?: string;
  /** Rules forced on (e.g. approval, as `check --require-approval` does). */
  force?: string[];
  lang?: Lang;
  /** Invalid cases: exactly the messages of the rule under test, in the engine's order. */
  errors?: ExpectedMessage[];
  only?: boolean;
  skip?: boolean;
}

export interface RunOutcome {
  messages: LintMessage[];
  all: LintMessage[];
  env: CaseEnv;
}

const baseCharterSource = readFileSync(CHARTER_PATH, 'utf8');
const baseCharter = YAML.parse(baseCharterSource) as CharterData;

const tempRoots: string[] = [];

// Loading the charter (YAML with positions, JSON Schema, cross-checks) is the costliest step of a
// case: load each distinct charter once per test file. Rules never mutate it.
const charterCache = new Map<string, Charter>();

function charterFor(c: Case, rootDir: string): Charter {
  let source = baseCharterSource;
  if (c.charter) {
    const copy = structuredClone(baseCharter);
    c.charter(copy);
    source = YAML.stringify(copy);
  }
  const cached = charterCache.get(source);
  if (cached) return cached;
  let charterPath = CHARTER_PATH;
  if (c.charter) {
    charterPath = path.join(rootDir, 'charter.yaml');
    writeFileSync(charterPath, source);
  }
  try {
    const charter = loadCharter(charterPath, rootDir);
    charterCache.set(source, charter);
    return charter;
  } catch (e) {
    // Show where the tweaked charter went wrong rather than a bare "invalid".
    if (e instanceof LmPostError) throw new Error(e.format('en'));
    throw e;
  }
}

function writeTree(root: string, rel: string, content: Buffer | string): void {
  const abs = path.resolve(root, rel);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, content);
}

/** Run one case through the real pipeline; returns the messages of `ruleId` and all messages. */
export async function runCase(ruleId: string, c: Case): Promise<RunOutcome> {
  const rootDir = mkdtempSync(path.join(os.tmpdir(), 'lm-post-rule-'));
  tempRoots.push(rootDir);
  const queueDir = path.join(rootDir, 'queue');
  mkdirSync(queueDir);
  const env: CaseEnv = { queueDir, rootDir };

  for (const [rel, content] of Object.entries(c.files ?? {})) writeTree(queueDir, rel, content);
  for (const [link, target] of Object.entries(c.symlinks ?? {})) {
    const abs = path.resolve(queueDir, link);
    mkdirSync(path.dirname(abs), { recursive: true });
    symlinkSync(path.resolve(queueDir, target), abs);
  }
  const others = Array.isArray(c.others) ? Object.fromEntries(c.others.map((src, i) => [`other-${i + 1}.yaml`, src])) : (c.others ?? {});
  for (const [name, src] of Object.entries(others)) writeTree(queueDir, name, src);

  const charter = charterFor(c, rootDir);
  env.charter = charter;
  const postPath = path.join(queueDir, c.postFile ?? 'post.yaml');
  writeFileSync(postPath, typeof c.post === 'function' ? c.post(env) : c.post);

  const [result] = await lintFiles(
    [postPath],
    {
      charter,
      queueDir,
      cwd: rootDir,
      lang: c.lang ?? 'en',
      now: new Date(c.now ?? DEFAULT_NOW),
      ...(c.force ? { force: c.force } : {}),
    },
    listQueue(queueDir),
  );
  const all = result!.messages;
  // A post that fails the schema reaches no other rule: a typo in a case would make it pass vacuously.
  if (ruleId !== 'schema') {
    const schema = all.filter((m) => m.ruleId === 'schema');
    if (schema.length) throw new Error(`case "${c.name}": the post fails the schema, so ${ruleId} never ran: ${schema.map((m) => `${m.line}:${m.column} ${m.message}`).join('; ')}`);
  }
  return { messages: all.filter((m) => m.ruleId === ruleId), all, env };
}

function project(actual: LintMessage, expected: ExpectedMessage | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { messageId: actual.messageId, line: actual.line, column: actual.column };
  if (!expected || 'network' in expected) out.network = actual.network;
  if (!expected || 'severity' in expected) out.severity = actual.severity;
  if (expected?.message !== undefined) {
    const m = expected.message;
    out.message = typeof m === 'string' ? (actual.message.includes(m) ? m : actual.message) : m.test(actual.message) ? m : actual.message;
  }
  return out;
}

function expectedShape(e: ExpectedMessage): Record<string, unknown> {
  const out: Record<string, unknown> = { messageId: e.messageId, line: e.line, column: e.column };
  if ('network' in e) out.network = e.network;
  if ('severity' in e) out.severity = e.severity;
  if (e.message !== undefined) out.message = e.message;
  return out;
}

export class RuleTester {
  /** Declare the table: one `it` per case, in a `describe` named after the rule. */
  static run(ruleId: string, tests: { valid: Case[]; invalid: Case[] }): void {
    describe(ruleId, () => {
      afterAll(() => {
        for (const d of tempRoots.splice(0)) rmSync(d, { recursive: true, force: true });
      });
      describe('valid', () => {
        for (const c of tests.valid) {
          const test = c.only ? it.only : c.skip ? it.skip : it;
          test(c.name, async () => {
            if (c.errors?.length) throw new Error(`valid case "${c.name}" must not list errors`);
            const { messages } = await runCase(ruleId, c);
            expect(messages.map((m) => `${m.messageId} ${m.line}:${m.column} ${m.network ?? ''} ${m.message}`)).toEqual([]);
          });
        }
      });
      describe('invalid', () => {
        for (const c of tests.invalid) {
          const test = c.only ? it.only : c.skip ? it.skip : it;
          test(c.name, async () => {
            if (!c.errors?.length) throw new Error(`invalid case "${c.name}" must list at least one error`);
            const { messages } = await runCase(ruleId, c);
            const expected = c.errors;
            const actual = messages.map((m, i) => project(m, expected[i]));
            expect(actual).toEqual(expected.map(expectedShape));
          });
        }
      });
    });
  }
}

/** Indent a multi-line block for a YAML block scalar (`text: |`). */
export function block(text: string, indent = 2): string {
  return text
    .split('\n')
    .map((l) => (l ? ' '.repeat(indent) + l : l))
    .join('\n');
}
