// YAML reading with positions. Every value lm-post reports on is mapped back to a line and
// column of the source through the parsed Document, so rules only name field paths.
import { isUtf8 } from 'node:buffer';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type YAMLError } from 'yaml';
import { explainYamlError } from './yaml-messages.js';

export type FieldPath = readonly (string | number)[];

export interface Span {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

export interface SyntaxProblem extends Span {
  /** Message id (`bom`, `yaml-BAD_INDENT`, `yaml-align-key`…) of SYNTAX_MESSAGES. */
  code: string;
  /** Raw detail, for logs and tests only: users read the message of `code` with `data`. */
  detail: string;
  data?: Record<string, unknown>;
}

export interface ParsedYaml {
  source: string;
  doc: Document.Parsed | undefined;
  lineCounter: LineCounter;
  value: unknown;
  problems: SyntaxProblem[];
}

/** Files larger than this are refused before parsing: a post is a few KB. */
export const MAX_YAML_BYTES = 512 * 1024;
/** Posts and charters need no anchors; a tiny budget stops alias bombs. */
const MAX_ALIAS_COUNT = 20;
/** Deeper nesting than this cannot be a post or a charter; refuse before the parser recurses. */
const MAX_DEPTH = 64;

export function spanAt(lc: LineCounter, offset: number, end?: number): Span {
  const start = lc.linePos(offset);
  const span: Span = { line: start.line, column: start.col };
  if (end !== undefined && end > offset) {
    const e = lc.linePos(end);
    span.endLine = e.line;
    span.endColumn = e.col;
  }
  return span;
}

/** Line/column (1-based) of a byte-free character offset in `source`. */
function lineColOf(source: string, offset: number): Span {
  let line = 1;
  let col = 1;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source[i] === '\n') {
      line++;
      col = 1;
    } else col++;
  }
  return { line, column: col };
}

/** Decode bytes as strict UTF-8; reports the first invalid or NUL byte with its position. */
function decode(bytes: Uint8Array): { text?: string; problem?: SyntaxProblem } {
  const nul = bytes.indexOf(0);
  let text: string;
  // isUtf8 (simdutf) then a plain decode: the same answer as a fatal TextDecoder, at a fraction
  // of its cost per file. A BOM is kept in the text either way.
  if (isUtf8(bytes)) {
    text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  } else {
    // Find the first offending byte by decoding growing prefixes is quadratic; instead decode
    // leniently and locate the first replacement character.
    const lenient = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const at = lenient.indexOf('\uFFFD');
    return { problem: { code: 'binary', detail: 'invalid UTF-8', ...lineColOf(lenient, Math.max(0, at)) } };
  }
  if (nul >= 0) {
    return { problem: { code: 'binary', detail: 'NUL byte', ...lineColOf(text, text.indexOf('\0')) } };
  }
  return { text };
}

/** Rough structural depth from flow brackets and indentation, cheap and without recursion. */
function exceedsDepth(text: string): number | undefined {
  let depth = 0;
  // Jump from one significant character to the next (a character loop ran cold, in the
  // interpreter, on every file: ~6 ms of a one-post check for the charter alone).
  const significant = /[#"'[\]{}]/g;
  for (let m = significant.exec(text); m; m = significant.exec(text)) {
    const i = m.index;
    const ch = m[0];
    if (ch === '#') {
      if (i === 0 || /\s/.test(text[i - 1] ?? '')) {
        const nl = text.indexOf('\n', i);
        if (nl < 0) break;
        significant.lastIndex = nl;
      }
      continue;
    }
    if (ch === '"' || ch === "'") {
      // Only a quote that starts a scalar opens a string; apostrophes inside words do not.
      const prev = text[i - 1] ?? ' ';
      if (/[\s[{:,-]/.test(prev)) {
        const close = text.indexOf(ch, i + 1);
        if (close < 0) break;
        significant.lastIndex = close + 1;
      }
      continue;
    }
    if (ch === '[' || ch === '{') {
      depth++;
      if (depth > MAX_DEPTH) return i;
    } else if (depth > 0) depth--;
  }
  // Block nesting: indentation deeper than 2 spaces per level × MAX_DEPTH…
  const m = /^( {130,})\S/m.exec(text);
  if (m) return m.index;
  // …or compact nesting on one line (`- - - x`, `? ? ? x`).
  const compact = new RegExp(`^[ \\t]*(?:[-?:][ \\t]+){${MAX_DEPTH},}`, 'm').exec(text);
  if (compact) return compact.index;
  return undefined;
}

/** `size` is the file's real size when `bytes` is only its beginning (a file too large to read). */
export function parseYamlBytes(bytes: Uint8Array, size = bytes.length): ParsedYaml {
  const lineCounter = new LineCounter();
  const empty = (problem: SyntaxProblem, source = ''): ParsedYaml => ({
    source,
    doc: undefined,
    lineCounter,
    value: undefined,
    problems: [problem],
  });
  if (size > MAX_YAML_BYTES) {
    return empty({ code: 'too-large', detail: String(Math.ceil(size / 1024)), line: 1, column: 1 });
  }
  const { text, problem } = decode(bytes);
  if (problem || text === undefined) return empty(problem!);
  // Every encoding problem at once: a file saved by a Windows editor often has both.
  const encoding: SyntaxProblem[] = [];
  if (text.startsWith('\uFEFF')) encoding.push({ code: 'bom', detail: 'byte order mark', line: 1, column: 1 });
  const cr = text.indexOf('\r');
  if (cr >= 0) {
    const lines = (text.match(/\r/g) ?? []).length;
    encoding.push({ code: 'crlf', detail: 'carriage return', data: { count: lines }, ...lineColOf(text, cr) });
  }
  if (encoding.length) return { ...empty(encoding[0]!, text), problems: encoding };
  const deep = exceedsDepth(text);
  if (deep !== undefined) return empty({ code: 'too-deep', detail: `nesting > ${MAX_DEPTH}`, ...lineColOf(text, deep) }, text);
  return parseYamlText(text, lineCounter);
}

/** One problem per line: a single mistake often makes the parser raise two or three errors. */
function explainAll(errors: readonly YAMLError[], source: string, lc: LineCounter): SyntaxProblem[] {
  const out: SyntaxProblem[] = [];
  const lines = new Set<number>();
  for (const err of errors) {
    const ex = explainYamlError(err.code, err.message, source, err.pos[0], lc);
    const span = ex.offset === err.pos[0] ? spanAt(lc, err.pos[0], err.pos[1]) : spanAt(lc, ex.offset);
    const errLine = lc.linePos(err.pos[0]).line;
    if (lines.has(span.line) || lines.has(errLine)) continue;
    lines.add(span.line).add(errLine);
    out.push({ code: ex.messageId, detail: `${err.code}: ${err.message.split('\n')[0] ?? ''}`, data: ex.data, ...span });
  }
  return out;
}

export function parseYamlText(source: string, lineCounter = new LineCounter()): ParsedYaml {
  const problems: SyntaxProblem[] = [];
  let doc: Document.Parsed | undefined;
  try {
    doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true, version: '1.2' });
  } catch (e) {
    problems.push({ code: 'syntax', detail: (e as Error).message, line: 1, column: 1 });
    return { source, doc: undefined, lineCounter, value: undefined, problems };
  }
  // Tags such as !!js/function are not part of a post: yaml only warns and keeps a string.
  problems.push(...explainAll([...doc.warnings, ...doc.errors].sort((a, b) => a.pos[0] - b.pos[0]), source, lineCounter));
  if (problems.length) return { source, doc, lineCounter, value: undefined, problems };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const anchor = source.search(/[&*][\w-]+/);
    problems.push({ code: 'alias-bomb', detail: (e as Error).message, ...lineColOf(source, Math.max(0, anchor)) });
  }
  return { source, doc, lineCounter, value, problems };
}

/**
 * Position of the node at `path` (or of its key with `key: true`). When the path does not exist
 * (a missing field), the position of the deepest existing ancestor is returned, so a report
 * always points somewhere useful.
 */
export function spanOf(parsed: Pick<ParsedYaml, 'doc' | 'lineCounter'>, path: FieldPath, opts: { key?: boolean } = {}): Span {
  const { doc, lineCounter } = parsed;
  if (!doc?.contents) return { line: 1, column: 1 };
  let node: Node | null = doc.contents as Node;
  let keyNode: Node | undefined;
  for (const seg of path) {
    keyNode = undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      keyNode = pair.key as Node;
      if (!pair.value) {
        node = keyNode;
        break;
      }
      node = pair.value as Node;
    } else if (isSeq(node) && typeof seg === 'number' && node.items[seg]) {
      node = node.items[seg] as Node;
    } else break;
  }
  const target = opts.key && keyNode ? keyNode : node;
  const range = target?.range;
  if (!range) return { line: 1, column: 1 };
  return spanAt(lineCounter, range[0], range[1]);
}

/**
 * Position of `needle` inside the scalar string at `path`. `at` is the index of the needle in the
 * scalar's value: the same occurrence is found in the source by counting the occurrences before
 * it (the value and its source differ by indentation and escapes, not by the needle itself).
 */
export function spanInScalar(parsed: Pick<ParsedYaml, 'doc' | 'lineCounter' | 'source'>, path: FieldPath, needle: string, at = 0): Span {
  const base = spanOf(parsed, path);
  const node = parsed.doc?.getIn(path as (string | number)[], true) as Node | undefined;
  const range = node?.range;
  if (!range || !needle || !isScalar(node)) return base;
  const value = String(node.value);
  let k = 0;
  for (let i = value.indexOf(needle); i >= 0 && i < at; i = value.indexOf(needle, i + 1)) k++;
  let pos = parsed.source.indexOf(needle, range[0]);
  for (let j = 0; j < k && pos >= 0; j++) pos = parsed.source.indexOf(needle, pos + 1);
  if (pos < 0 || pos > range[1]) return base;
  return spanAt(parsed.lineCounter, pos, pos + needle.length);
}
