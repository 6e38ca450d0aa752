import { createHash } from 'node:crypto';
import type { LintResult } from '../lint/engine.js';

// GitLab's Code Quality report (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format):
// a JSON array of issues, each with `description`, `check_name`, `fingerprint`, `severity`
// (info | minor | major | critical | blocker), `location.path` (relative to the project root)
// and `location.lines.begin` (or `location.positions.begin.line`). GitLab ignores other
// Code Climate properties. The fingerprint identifies an issue across pipelines: it leaves
// the line out, so moving a field does not make GitLab report the same problem as new.
export function gitlab(results: readonly LintResult[]): string {
  const issues: unknown[] = [];
  for (const r of results) {
    const file = r.file.split('\\').join('/');
    const seen = new Map<string, number>();
    for (const m of r.messages) {
      const key = [file, m.ruleId, m.messageId, m.network ?? ''].join('\0');
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      issues.push({
        type: 'issue',
        description: m.network ? `${m.message} (${m.network})` : m.message,
        check_name: `lm-post/${m.ruleId}`,
        categories: ['Style'],
        fingerprint: createHash('sha256').update(`${key}\0${n}`).digest('hex').slice(0, 32),
        severity: m.severity === 2 ? 'major' : 'minor',
        location: {
          path: file,
          lines: { begin: m.line, ...(m.endLine !== undefined && m.endLine > m.line ? { end: m.endLine } : {}) },
          positions: {
            begin: { line: m.line, column: m.column },
            ...(m.endLine !== undefined ? { end: { line: m.endLine, column: m.endColumn ?? m.column } } : {}),
          },
        },
      });
    }
  }
  return JSON.stringify(issues, null, 2) + '\n';
}
