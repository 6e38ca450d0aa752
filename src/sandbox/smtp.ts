// The sandbox's SMTP server (smtp-server): it accepts the letter like a real relay and keeps
// every message it received as an .eml file, for training and tests. A message is written
// (atomically) before the server answers 250 to DATA: once the client hears "accepted", the
// message is on disk — so after a crash the mailbox says whether the letter went out.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { SMTPServer } from 'smtp-server';
import { atomicWrite } from '../post/write.js';

export interface SmtpSandboxOptions {
  /** Folder where received messages are kept. */
  dir: string;
  host?: string;
  port?: number;
  /** Fault injection: hold the reply to DATA this long, before or after keeping the message. */
  delay?: { ms: number; when: 'before-store' | 'after-store' };
  /** Fault injection: cut the connection (`drop`) or stop answering (`silence`) at one stage of the conversation. */
  fault?: { at: SmtpFaultStage; do: 'drop' | 'silence' };
  /** Called as the conversation reaches each stage (tests kill the client there). */
  onStage?: (stage: SmtpFaultStage) => void | Promise<void>;
  /** Do not offer PIPELINING (RFC 2920), so the client waits for each reply. */
  noPipelining?: boolean;
}

/**
 * The stages of one SMTP conversation where a fault can strike:
 * `connect` (before the greeting), `mail` (MAIL FROM received, not answered), `rcpt` (RCPT TO
 * answered), `data-end` (the final "." received, nothing kept), `before-250` (the message kept,
 * not answered), `after-250` (250 written).
 */
export type SmtpFaultStage = 'connect' | 'mail' | 'rcpt' | 'data-end' | 'before-250' | 'after-250';

export interface SmtpSandbox {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** What RFC 5321 §4.5.3.1.7 lets a server refuse as too big; 10 MB is common among relays (SIZE, RFC 1870). */
const MAX_BYTES = 10 * 1024 * 1024;

export async function startSmtpSandbox(o: SmtpSandboxOptions): Promise<SmtpSandbox> {
  mkdirSync(o.dir, { recursive: true });
  // smtp-server keeps its open connections (each with its session and socket): how a fault cuts one.
  const connections = (): { session: { id: string }; _socket: Socket }[] => [...((server as unknown as { connections: Set<{ session: { id: string }; _socket: Socket }> }).connections ?? [])];
  /** Whether the conversation stops here; a `drop` cuts the connection, a `silence` never answers. */
  const strike = async (stage: SmtpFaultStage, sessionId: string): Promise<boolean> => {
    await o.onStage?.(stage);
    if (o.fault?.at !== stage) return false;
    if (o.fault.do === 'drop') for (const c of connections()) if (c.session.id === sessionId) c._socket.destroy();
    return true;
  };
  const server = new SMTPServer({
    ...(o.noPipelining ? { hidePIPELINING: true } : {}),
    secure: false,
    // Loopback only, for training: no TLS, and any login is accepted (or none).
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    size: MAX_BYTES,
    banner: 'lm-post sandbox SMTP',
    logger: false,
    onAuth(_auth, _session, cb) {
      cb(null, { user: 'sandbox' });
    },
    onConnect(session, cb) {
      void strike('connect', session.id).then((stop) => (stop ? undefined : cb()));
    },
    onMailFrom(_address, session, cb) {
      void strike('mail', session.id).then((stop) => (stop ? undefined : cb()));
    },
    onRcptTo(_address, session, cb) {
      // Answered, then cut at once: with PIPELINING, before DATA is answered.
      const hit = o.fault?.at === 'rcpt';
      cb();
      if (hit || o.onStage) void strike('rcpt', session.id);
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        void (async () => {
          // smtp-server marks an oversized message; a real relay answers 552 (RFC 5321).
          if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
            cb(Object.assign(new Error('Message exceeds fixed maximum message size'), { responseCode: 552 }));
            return;
          }
          if (o.delay?.when === 'before-store') await sleep(o.delay.ms);
          if (await strike('data-end', session.id)) return;
          const raw = Buffer.concat(chunks);
          const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}-${session.id}.eml`;
          const envelope = `X-Sandbox-Envelope-From: ${session.envelope.mailFrom ? session.envelope.mailFrom.address : ''}\r\nX-Sandbox-Envelope-To: ${session.envelope.rcptTo.map((r) => r.address).join(', ')}\r\n`;
          atomicWrite(path.join(o.dir, name), envelope + raw.toString('utf8'));
          if (o.delay?.when === 'after-store') await sleep(o.delay.ms);
          if (await strike('before-250', session.id)) return;
          cb(null, `OK: queued as ${session.id}`);
          setImmediate(() => void strike('after-250', session.id));
        })();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.server.address() as AddressInfo;
  return {
    url: `smtp://${o.host ?? '127.0.0.1'}:${addr.port}`,
    port: addr.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A silenced or stalled conversation would hold close() for smtp-server's 30 s.
        for (const c of connections()) c._socket.destroy();
      }),
  };
}

/** The messages kept by the sandbox, oldest first (raw RFC 5322 text). */
export function sandboxMessages(dir: string): { file: string; raw: string }[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.eml')).sort();
  } catch {
    return [];
  }
  return names.map((n) => ({ file: path.join(dir, n), raw: readFileSync(path.join(dir, n), 'utf8') }));
}

/** Whether the sandbox holds a message with this Message-ID (how a crashed send is settled there). */
export function sandboxHasMessage(dir: string, messageId: string): boolean {
  return sandboxMessages(dir).some((m) => new RegExp(`^Message-ID:\\s*${messageId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`, 'im').test(m.raw.split(/\r?\n\r?\n/)[0] ?? ''));
}
