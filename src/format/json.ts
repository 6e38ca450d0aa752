import type { LintResult } from '../lint/engine.js';

/** ESLint's JSON formatter shape: one object per file, messages with 1-based positions. */
export function json(results: readonly LintResult[]): string {
  return JSON.stringify(
    results.map((r) => ({
      filePath: r.filePath,
      messages: r.messages.map((m) => ({
        ruleId: m.ruleId,
        severity: m.severity,
        message: m.message,
        line: m.line,
        column: m.column,
        ...(m.endLine !== undefined ? { endLine: m.endLine, endColumn: m.endColumn } : {}),
        ...(m.network ? { network: m.network } : {}),
        messageId: m.messageId,
      })),
      errorCount: r.errorCount,
      warningCount: r.warningCount,
      fatalErrorCount: 0,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
    })),
  );
}
