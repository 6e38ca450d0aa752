import type { LintResult } from '../lint/engine.js';

// Workflow command escaping, as in @actions/core (command.ts): data escapes %, CR, LF;
// properties also escape ':' and ','.
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub Actions annotations: `::error file=…,line=…,col=…,title=…::message`. */
export function github(results: readonly LintResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    for (const m of r.messages) {
      const level = m.severity === 2 ? 'error' : 'warning';
      const props = [
        `file=${escapeProperty(r.file.split('\\').join('/'))}`,
        `line=${m.line}`,
        ...(m.endLine !== undefined ? [`endLine=${m.endLine}`] : []),
        `col=${m.column}`,
        ...(m.endColumn !== undefined && m.endLine === m.line ? [`endColumn=${m.endColumn}`] : []),
        `title=${escapeProperty(`lm-post ${m.ruleId}${m.network ? ` (${m.network})` : ''}`)}`,
      ];
      lines.push(`::${level} ${props.join(',')}::${escapeData(m.message)}`);
    }
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}
