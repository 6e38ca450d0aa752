import { type Bilingual, type Lang, tr } from './i18n/index.js';

/** Exit codes of SPEC §10, as one registry so every command agrees. */
export const ExitCode = {
  ok: 0,
  problems: 1,
  usage: 2,
  needsHuman: 3,
  locked: 75,
} as const satisfies Record<string, number>;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/**
 * The one error class lm-post throws on purpose. It carries a bilingual message, its data and
 * the exit code; the CLI boundary prints it without a stack trace.
 */
export class LmPostError extends Error {
  constructor(
    readonly code: string,
    readonly msg: Bilingual,
    readonly data: Readonly<Record<string, unknown>> = {},
    readonly exitCode: ExitCodeValue = ExitCode.usage,
    readonly position?: SourcePosition,
    /** Further located problems (an invalid charter can have several). */
    readonly details: readonly { position: SourcePosition; msg: Bilingual; data: Readonly<Record<string, unknown>> }[] = [],
  ) {
    super(tr('en', msg, data));
    this.name = 'LmPostError';
  }

  format(lang: Lang): string {
    const where = this.position ? `${this.position.file}:${this.position.line}:${this.position.column}: ` : '';
    const lines = [where + tr(lang, this.msg, this.data)];
    for (const d of this.details) {
      lines.push(`  ${d.position.file}:${d.position.line}:${d.position.column}: ${tr(lang, d.msg, d.data)}`);
    }
    return lines.join('\n');
  }
}
