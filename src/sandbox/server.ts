/**
 * The HTTP plumbing shared by the three emulators: reading and parsing bodies, the request log,
 * fault injection, and writing replies. Handlers return a `Reply` instead of writing to the socket so
 * that a fault can decide afterwards to drop the connection once the state change is committed.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bodyForRecord, parseBody, type ParsedBody } from './body.js';
import type { Fault, RecordedRequest, SandboxNetwork } from './types.js';

export interface RequestContext {
  method: string;
  /** Raw path as sent (still percent-encoded), without query. */
  rawPath: string;
  /** Decoded path, trailing slash removed. */
  path: string;
  query: Record<string, string>;
  /** Query pairs as sent, for OAuth 1.0a. */
  queryPairs: Array<[string, string]>;
  headers: Record<string, string>;
  body: ParsedBody;
  /** Base URL the client used to reach us, from the Host header. */
  origin: string;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as JSON unless a Buffer. */
  body?: unknown;
}

export interface Emulator {
  readonly network: SandboxNetwork;
  /** Field names whose values must never reach the request log. */
  readonly secretFields: readonly string[];
  handle(ctx: RequestContext): Reply | Promise<Reply>;
  /** A `status` fault; `body` absent = the network's usual error body for that status. */
  faultReply(ctx: RequestContext, status: number, body: unknown, headers: Record<string, string>): Reply;
  /** The network's own 429 (or throttling error), with its real headers. */
  rateLimitReply(ctx: RequestContext, resetInSeconds: number): Reply;
}

const MAX_BODY = 64 * 1024 * 1024;

export class FaultBook {
  private faults: Array<Fault & { left: number; skipLeft: number }> = [];

  add(f: Fault): void {
    this.faults.push({ ...f, left: f.times ?? 1, skipLeft: f.skip ?? 0 });
  }

  clear(): void {
    this.faults = [];
  }

  /** First matching fault, consumed once. */
  take(network: SandboxNetwork, method: string, path: string, altPath: string): Fault | undefined {
    const matches = (f: Fault): boolean => {
      if (f.network !== network) return false;
      if (f.method && f.method.toUpperCase() !== method) return false;
      if (f.path === undefined) return true;
      if (typeof f.path === 'string') return f.path === path || f.path === altPath;
      f.path.lastIndex = 0;
      return f.path.test(path);
    };
    // Every matching fault still letting requests through counts this one.
    let i = -1;
    for (let j = 0; j < this.faults.length; j++) {
      const f = this.faults[j]!;
      if (!matches(f)) continue;
      if (f.skipLeft > 0) {
        f.skipLeft -= 1;
        continue;
      }
      if (i < 0) i = j;
    }
    if (i < 0) return undefined;
    const f = this.faults[i]!;
    f.left -= 1;
    if (f.left <= 0) this.faults.splice(i, 1);
    return f;
  }
}

function redactHeaders(raw: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    const value = Array.isArray(v) ? v.join(', ') : v;
    // Keep only the scheme: enough to see which auth a client used, never the credential.
    out[k] = k === 'authorization' || k === 'proxy-authorization' ? (value.split(/\s+/)[0] ?? '') : value;
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        resolve(null);
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(size > MAX_BODY ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendReply(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...(reply.headers ?? {}) };
  let payload: Buffer | undefined;
  if (Buffer.isBuffer(reply.body)) payload = reply.body;
  else if (reply.body !== undefined) {
    payload = Buffer.from(JSON.stringify(reply.body));
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/json; charset=utf-8';
    }
  }
  if (payload) headers['content-length'] = String(payload.length);
  res.writeHead(reply.status, headers);
  res.end(payload);
}

export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export function startServer(
  emulator: Emulator,
  faults: FaultBook,
  log: RecordedRequest[],
  host: string,
  /** Path form also accepted by string faults (e.g. Graph paths without their /vNN.N prefix). */
  altPath: (path: string) => string = (p) => p,
  /** Added before every reply, like a network's round trip (bench, LM_POST_SANDBOX_LATENCY_MS). */
  latencyMs = 0,
): Promise<RunningServer> {
  const sockets = new Set<import('node:net').Socket>();
  const serve = requestHandler(emulator, faults, log, altPath, latencyMs);
  const server = createServer((req, res) => {
    void serve(req, res).catch((err: unknown) => {
      // A bug in an emulator must show up as a 500 in tests rather than a hung request.
      if (!res.headersSent) sendReply(res, { status: 500, body: { error: `sandbox internal error: ${String(err)}` } });
      else res.destroy();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return listen(server, host, sockets);
}

/** One request: recorded, faults applied, answered by the emulator. */
function requestHandler(emulator: Emulator, faults: FaultBook, log: RecordedRequest[], altPath: (path: string) => string, latencyMs: number) {
  return serve;

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const search = q < 0 ? '' : rawUrl.slice(q + 1);
    const queryPairs = [...new URLSearchParams(search)];
    const query: Record<string, string> = {};
    for (const [k, v] of queryPairs) query[k] = v;
    let path: string;
    try {
      path = decodeURIComponent(rawPath);
    } catch {
      path = rawPath;
    }
    if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);

    const raw = await readBody(req);
    const body = raw ? parseBody(raw, req.headers['content-type']) : parseBody(Buffer.alloc(0), undefined);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;

    const recQuery: Record<string, string> = {};
    for (const [k, v] of Object.entries(query)) recQuery[k] = emulator.secretFields.includes(k) ? '[REDACTED]' : v;
    // Pushed on arrival so the log keeps the order requests came in even when replies interleave.
    const rec: RecordedRequest = {
      network: emulator.network,
      method,
      path,
      query: recQuery,
      headers: redactHeaders(req.headers),
      body: bodyForRecord(body, emulator.secretFields),
      at: new Date().toISOString(),
      status: 0,
    };
    log.push(rec);

    const ctx: RequestContext = {
      method,
      rawPath,
      path,
      query,
      queryPairs,
      headers,
      body,
      origin: `http://${req.headers.host ?? 'localhost'}`,
    };

    const answered = (): void => void (rec.answeredAt = new Date().toISOString());
    if (raw === null) {
      rec.status = 413;
      answered();
      sendReply(res, emulator.faultReply(ctx, 413, undefined, {}));
      return;
    }

    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
    const fault = faults.take(emulator.network, method, path, altPath(path));
    if (fault) rec.fault = fault.action.kind;
    const action = fault?.action;
    if (action?.kind === 'delay') await new Promise((r) => setTimeout(r, action.ms));
    if (action?.kind === 'drop-before') {
      answered();
      req.socket.destroy();
      return;
    }
    let reply: Reply;
    if (action?.kind === 'status') reply = emulator.faultReply(ctx, action.status, action.body, action.headers ?? {});
    else if (action?.kind === 'rate-limit') reply = emulator.rateLimitReply(ctx, action.resetInSeconds);
    else reply = await emulator.handle(ctx);
    if (action?.kind === 'status-after') reply = emulator.faultReply(ctx, action.status, action.body, action.headers ?? {});
    if (action?.kind === 'drop-after') {
      // The handler has already committed (and persisted) its change: the client just never hears of it.
      answered();
      req.socket.destroy();
      return;
    }
    rec.status = reply.status;
    answered();
    sendReply(res, reply);
  }
}

function listen(server: Server, host: string, sockets: Set<import('node:net').Socket>): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      const addr = server.address() as AddressInfo;
      const hostPart = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
      resolve({
        url: `http://${hostPart}:${addr.port}`,
        server,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Keep-alive sockets would otherwise hold close() open until clients let go.
            for (const s of sockets) s.destroy();
          }),
      });
    });
  });
}
