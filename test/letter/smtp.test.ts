// Issue 21, points 1–3: what a failed SMTP send proves, the deadlines, the password on the wire.
// Real nodemailer against the real smtp-server (the sandbox relay, with its fault injection).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { describe, expect, it } from 'vitest';
import { smtpTransport, smtpWireSecrets, type SmtpOutcome } from '../../src/letter/smtp.js';
import { startSmtpSandbox, sandboxMessages, type SmtpFaultStage } from '../../src/sandbox/smtp.js';
import { redact, secretValues } from '../../src/publish/credentials.js';

const MAIL = { from: 'lettre@example.org', to: 'membres@example.org', subject: 'La Quinzaine', text: 'Bonjour\r\n.\r\nla suite', messageId: '<t@example.org>' };
const FAST = { connectionTimeout: 1_500, greetingTimeout: 400, socketTimeout: 400 };

async function attempt(url: string, deadlines = FAST): Promise<{ ok: boolean; outcome?: SmtpOutcome; ms: number; message?: string }> {
  const t = await smtpTransport(url, deadlines);
  const t0 = Date.now();
  try {
    await t.sendMail(MAIL);
    return { ok: true, ms: Date.now() - t0 };
  } catch (err) {
    return { ok: false, outcome: t.outcome(), ms: Date.now() - t0, message: String((err as Error).message) };
  } finally {
    t.close();
  }
}

describe('SMTP: what a failed send proves (issue 21, point 1)', () => {
  const cases: Array<[SmtpFaultStage, boolean, SmtpOutcome | 'sent']> = [
    ['connect', true, 'not-sent'],
    ['mail', true, 'not-sent'],
    ['mail', false, 'not-sent'],
    // With PIPELINING, DATA left with RCPT and smtp-server answered 354 in the same breath: the
    // body may have started, so only a human can tell.
    ['rcpt', true, 'unknown'],
    ['rcpt', false, 'not-sent'],
    ['data-end', true, 'unknown'],
    ['data-end', false, 'unknown'],
    ['before-250', true, 'unknown'],
    ['after-250', true, 'sent'],
  ];
  it.each(cases)('a connection cut at %s (pipelining %s) is %s', async (at, pipelining, expected) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lm-post-smtp-'));
    const server = await startSmtpSandbox({ dir, fault: { at, do: 'drop' }, noPipelining: !pipelining });
    try {
      const r = await attempt(server.url);
      if (expected === 'sent') expect(r.ok, r.message).toBe(true);
      else expect(r.outcome, r.message).toBe(expected);
      // The truth on the relay's side agrees: "not-sent" never leaves a message behind.
      if (expected === 'not-sent') expect(sandboxMessages(dir)).toHaveLength(0);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a refused connection and a relay that never greets are not sent', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((r) => closed.close(() => r()));
    expect((await attempt(`smtp://127.0.0.1:${port}`)).outcome).toBe('not-sent');

    const dir = mkdtempSync(path.join(os.tmpdir(), 'lm-post-smtp-'));
    const mute = await startSmtpSandbox({ dir, fault: { at: 'connect', do: 'silence' } });
    try {
      const r = await attempt(mute.url);
      expect(r.outcome, r.message).toBe('not-sent');
      expect(r.ms).toBeLessThan(3_000);
    } finally {
      await mute.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a 5xx answer to the final "." is a refusal', async () => {
    const server = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false, onData: (s, _session, cb) => s.on('data', () => undefined).on('end', () => cb(Object.assign(new Error('spam'), { responseCode: 554 }))) });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const r = await attempt(`smtp://127.0.0.1:${(server.server.address() as { port: number }).port}`);
      expect(r.outcome, r.message).toBe('refused');
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe('SMTP deadlines (issue 21, point 2)', () => {
  it('a relay that takes the message and never answers ends at the inactivity deadline, outcome unknown', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lm-post-smtp-'));
    const server = await startSmtpSandbox({ dir, fault: { at: 'before-250', do: 'silence' } });
    try {
      const r = await Promise.race([attempt(server.url), new Promise<'hang'>((res) => setTimeout(() => res('hang'), 5_000))]);
      expect(r).not.toBe('hang');
      if (r === 'hang') return;
      expect(r.outcome, r.message).toBe('unknown');
      expect(r.ms).toBeLessThan(3_000);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('SMTP password on the wire (issue 21, point 3)', () => {
  it('a 535 that echoes AUTH PLAIN or AUTH LOGIN payloads never shows the password, in any encoding', async () => {
    const user = 'lettre@example.org';
    const pass = 'S3cret-pass!/é';
    const url = `smtp://${encodeURIComponent(user)}:${encodeURIComponent(pass)}@127.0.0.1:PORT`;
    for (const method of ['PLAIN', 'LOGIN'] as const) {
      // A relay that quotes what it received, as some do in their 535 answer.
      const server = new SMTPServer({
        authMethods: [method],
        allowInsecureAuth: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        onAuth(auth, _s, cb) {
          const plain = Buffer.from(`\0${auth.username}\0${auth.password}`).toString('base64');
          const login = `${Buffer.from(auth.username ?? '').toString('base64')} ${Buffer.from(auth.password ?? '').toString('base64')}`;
          cb(Object.assign(new Error(`Authentication failed for ${method === 'PLAIN' ? plain : login}`), { responseCode: 535 }));
        },
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      try {
        const u = url.replace('PORT', String((server.server.address() as { port: number }).port));
        const r = await attempt(u);
        expect(r.outcome).toBe('not-sent');
        const env = { LM_POST_SMTP_URL: u };
        const shown = redact(r.message ?? '', secretValues(env));
        expect(r.message).toMatch(/535/);
        for (const s of smtpWireSecrets(u)) expect(shown).not.toContain(s);
        expect(shown).not.toContain(Buffer.from(pass).toString('base64'));
        expect(shown).not.toContain(Buffer.from(`\0${user}\0${pass}`).toString('base64'));
      } finally {
        await new Promise<void>((r) => server.close(() => r()));
      }
    }
  });
});
