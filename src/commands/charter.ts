// lm-post charter: the human mini-charter generated from the charter, as Markdown (docs/charte.md)
// or as one self-contained accessible HTML page.
import { loadContext } from '../cli/context.js';
import type { GlobalOptions, Io } from '../cli/io.js';
import { ExitCode } from '../errors.js';
import { blocksToHtml, htmlPage, toMarkdown } from '../doc/blocks.js';
import { charterBlocks } from '../doc/charter.js';
import { writeOutput } from '../doc/output.js';

export interface CharterDocOptions extends GlobalOptions {
  format?: 'md' | 'html';
  out?: string;
  json?: boolean;
}

export function charterDocument(charter: Parameters<typeof charterBlocks>[0], format: 'md' | 'html'): string {
  const blocks = charterBlocks(charter);
  if (format === 'md') return toMarkdown(blocks);
  return htmlPage(`Charte de publication — ${charter.organisation}`, blocksToHtml(blocks), 'fr');
}

export async function charterDoc(io: Io, opts: CharterDocOptions): Promise<number> {
  const ctx = loadContext(io, opts);
  const format = opts.format ?? 'md';
  const text = charterDocument(ctx.charter, format);
  writeOutput(io, text, opts.out, ctx.lang, opts.json ? { format } : undefined);
  return ExitCode.ok;
}
