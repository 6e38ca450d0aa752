// check --format gitlab writes GitLab's Code Quality report
// (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format): an array of
// issues with description, check_name, fingerprint, severity (info|minor|major|critical|blocker),
// location.path relative to the project and location.lines.begin. Checked with a JSON Schema
// of that documented shape.
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { REPO, runCli } from '../helpers/cli.js';

const CODE_QUALITY = {
  type: 'array',
  items: {
    type: 'object',
    required: ['description', 'check_name', 'fingerprint', 'severity', 'location'],
    properties: {
      description: { type: 'string', minLength: 1 },
      check_name: { type: 'string', minLength: 1 },
      fingerprint: { type: 'string', pattern: '^[0-9a-f]{32}$' },
      severity: { enum: ['info', 'minor', 'major', 'critical', 'blocker'] },
      location: {
        type: 'object',
        required: ['path', 'lines'],
        properties: {
          path: { type: 'string', pattern: '^(?!/)(?!.*\\\\)' },
          lines: { type: 'object', required: ['begin'], properties: { begin: { type: 'integer', minimum: 1 }, end: { type: 'integer', minimum: 1 } } },
        },
      },
    },
  },
} as const;

describe('check --format gitlab', () => {
  it('is a Code Quality report: documented shape, unique fingerprints, errors major and warnings minor', async () => {
    const r = await runCli(['check', '--format', 'gitlab', 'test/fixtures/bad'], { cwd: REPO });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { fingerprint: string; severity: string; check_name: string; location: { path: string; lines: { begin: number } } }[];
    const validate = new Ajv({ allErrors: true }).compile(CODE_QUALITY);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.length).toBeGreaterThan(20);
    expect(new Set(report.map((i) => i.fingerprint)).size).toBe(report.length);
    expect(report.some((i) => i.severity === 'major')).toBe(true);
    const http = report.find((i) => i.location.path === 'test/fixtures/bad/http-link.yaml' && i.check_name === 'lm-post/link-https');
    expect(http?.severity).toBe('major');
    expect(http?.location.lines.begin).toBeGreaterThan(1);
  });

  it('fingerprints stay the same across runs and languages', async () => {
    const a = await runCli(['check', '--format', 'gitlab', 'test/fixtures/bad'], { cwd: REPO });
    const b = await runCli(['check', '--format', 'gitlab', '--lang', 'en', 'test/fixtures/bad'], { cwd: REPO });
    const fp = (s: string) => (JSON.parse(s) as { fingerprint: string }[]).map((i) => i.fingerprint);
    expect(fp(b.stdout)).toEqual(fp(a.stdout));
  });

  it('an empty report is an empty array', async () => {
    const r = await runCli(['check', '--format', 'gitlab', 'queue/2026-12-01-jeudiwe-compost.yaml'], { cwd: REPO });
    expect(JSON.parse(r.stdout)).toEqual([]);
  });
});
