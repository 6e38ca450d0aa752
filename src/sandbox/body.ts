/**
 * Request body parsing for the emulators: JSON, url-encoded forms and multipart/form-data.
 * Written by hand because the sandbox must stay dependency-free (`node:` modules only).
 */
import { createHash } from 'node:crypto';

export interface UploadedFile {
  filename: string | null;
  contentType: string | null;
  data: Buffer;
}

export interface ParsedBody {
  kind: 'none' | 'json' | 'form' | 'multipart' | 'other';
  /** Scalar fields and JSON values, with Rails/PHP-style `a[]` / `a[0]` keys folded into arrays. */
  fields: Record<string, unknown>;
  /** Raw url-encoded pairs, in order: OAuth 1.0a signs these exactly as sent. */
  formPairs: Array<[string, string]>;
  files: Record<string, UploadedFile>;
  /** Set when the body could not be parsed (the emulators answer 400 in their own dialect). */
  error?: string;
  /** The bytes of a body of any other type (Bluesky's uploadBlob sends the image itself). */
  raw?: Buffer;
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Folds `media_ids[]=1&media_ids[]=2` and `attached_media[0]=…` into arrays, the way Rails (Mastodon)
 * and Graph read them, so the emulators see one shape whatever the client library chose.
 */
function assignField(fields: Record<string, unknown>, key: string, value: unknown): void {
  const listMatch = /^(.+)\[\]$/.exec(key);
  if (listMatch) {
    const name = listMatch[1]!;
    const prev = fields[name];
    fields[name] = Array.isArray(prev) ? [...prev, value] : prev === undefined ? [value] : [prev, value];
    return;
  }
  const indexMatch = /^(.+)\[(\d+)\]$/.exec(key);
  if (indexMatch) {
    const name = indexMatch[1]!;
    const prev = fields[name];
    const arr: unknown[] = Array.isArray(prev) ? prev : [];
    arr[Number(indexMatch[2])] = value;
    fields[name] = arr;
    return;
  }
  const prev = fields[key];
  if (prev === undefined) fields[key] = value;
  else fields[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
}

function headerParam(header: string, name: string): string | null {
  // Parameters may be quoted or bare; quoted ones may contain ';'.
  const re = new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, 'i');
  const m = re.exec(header);
  if (!m) return null;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? '').trim();
}

function parseMultipart(raw: Buffer, contentType: string, out: ParsedBody): void {
  const boundary = headerParam(contentType, 'boundary');
  if (!boundary) {
    out.error = 'multipart body without boundary';
    return;
  }
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = raw.indexOf(delimiter);
  if (pos < 0) {
    out.error = 'multipart boundary not found';
    return;
  }
  for (;;) {
    pos += delimiter.length;
    // "--" right after a delimiter closes the body.
    if (raw[pos] === 0x2d && raw[pos + 1] === 0x2d) return;
    if (raw[pos] === 0x0d && raw[pos + 1] === 0x0a) pos += 2;
    const headerEnd = raw.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) {
      out.error = 'truncated multipart part headers';
      return;
    }
    const headers: Record<string, string> = {};
    for (const line of raw.subarray(pos, headerEnd).toString('utf8').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const next = raw.indexOf(Buffer.from(`\r\n--${boundary}`), headerEnd + 4);
    if (next < 0) {
      out.error = 'truncated multipart body';
      return;
    }
    const data = raw.subarray(headerEnd + 4, next);
    const disposition = headers['content-disposition'] ?? '';
    const name = headerParam(disposition, 'name');
    if (name !== null) {
      const filename = headerParam(disposition, 'filename');
      const partType = headers['content-type'] ?? null;
      // twitter-api-v2 sends its media chunk with a content-type but no filename: treat any part that
      // has either as a file, as Rack does.
      if (filename !== null || (partType !== null && !/^text\/plain/i.test(partType))) {
        out.files[name] = { filename, contentType: partType, data: Buffer.from(data) };
      } else {
        const value = data.toString('utf8');
        out.formPairs.push([name, value]);
        assignField(out.fields, name, value);
      }
    }
    pos = next + 2;
  }
}

export function parseBody(raw: Buffer, contentTypeHeader: string | undefined): ParsedBody {
  const out: ParsedBody = { kind: 'none', fields: {}, formPairs: [], files: {} };
  if (raw.length === 0) return out;
  const contentType = (contentTypeHeader ?? '').toLowerCase();
  if (contentType.includes('application/json') || contentType.includes('+json')) {
    out.kind = 'json';
    try {
      const value: unknown = JSON.parse(raw.toString('utf8'));
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        for (const [k, v] of Object.entries(value)) assignField(out.fields, k, v);
      } else {
        out.error = 'JSON body is not an object';
      }
    } catch {
      out.error = 'malformed JSON body';
    }
  } else if (contentType.includes('application/x-www-form-urlencoded')) {
    out.kind = 'form';
    for (const [k, v] of new URLSearchParams(raw.toString('utf8'))) {
      out.formPairs.push([k, v]);
      assignField(out.fields, k, v);
    }
  } else if (contentType.includes('multipart/form-data')) {
    out.kind = 'multipart';
    parseMultipart(raw, contentTypeHeader ?? '', out);
  } else {
    out.kind = 'other';
    out.raw = raw;
  }
  return out;
}

/** What the request log keeps of a body: fields as parsed, files summarised (never their bytes). */
export function bodyForRecord(body: ParsedBody, redactKeys: readonly string[]): unknown {
  if (body.kind === 'none') return undefined;
  if (body.kind === 'other' && body.raw) return { size: body.raw.length, sha256: sha256(body.raw) };
  const rec: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body.fields)) rec[k] = redactKeys.includes(k) ? '[REDACTED]' : v;
  for (const [k, f] of Object.entries(body.files)) {
    rec[k] = { filename: f.filename, contentType: f.contentType, size: f.data.length, sha256: sha256(f.data) };
  }
  return rec;
}

/**
 * Content type from the file's magic bytes. Mastodon and Graph trust the bytes, not the declared type
 * (clients often send `application/octet-stream`), so the emulators do the same.
 */
export function sniffContentType(data: Buffer): string | null {
  const hex = data.subarray(0, 12).toString('hex');
  if (hex.startsWith('89504e470d0a1a0a')) return 'image/png';
  if (hex.startsWith('ffd8ff')) return 'image/jpeg';
  if (hex.startsWith('47494638')) return 'image/gif';
  if (hex.startsWith('52494646') && data.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  if (data.subarray(4, 8).toString('latin1') === 'ftyp') return 'video/mp4';
  if (hex.startsWith('1a45dfa3')) return 'video/webm';
  return null;
}
