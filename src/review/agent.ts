// The two ssh-agent requests lm-post needs (draft-miller-ssh-agent, §4.4 and §4.5): list the
// keys, and sign data with one of them. The private key never leaves the agent.
import net from 'node:net';
import { publicKeyFromBlob, sshString, type SshPublicKey } from './sshsig.js';

const REQUEST_IDENTITIES = 11;
const IDENTITIES_ANSWER = 12;
const SIGN_REQUEST = 13;
const SIGN_RESPONSE = 14;

function request(socket: string, type: number, payload: Buffer, timeoutMs = 10_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const c = net.connect(socket);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      c.destroy();
      reject(new Error('ssh-agent: no answer'));
    }, timeoutMs);
    c.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    c.on('connect', () => {
      const body = Buffer.concat([Buffer.from([type]), payload]);
      const len = Buffer.alloc(4);
      len.writeUInt32BE(body.length);
      c.write(Buffer.concat([len, body]));
    });
    c.on('data', (d: Buffer) => {
      chunks.push(d);
      const all = Buffer.concat(chunks);
      if (all.length >= 4 && all.length >= 4 + all.readUInt32BE(0)) {
        clearTimeout(timer);
        c.end();
        resolve(all.subarray(4, 4 + all.readUInt32BE(0)));
      }
    });
  });
}

function strings(buf: Buffer, at: number): { value: Buffer; next: number } {
  const n = buf.readUInt32BE(at);
  if (at + 4 + n > buf.length) throw new Error('ssh-agent: truncated answer');
  return { value: buf.subarray(at + 4, at + 4 + n), next: at + 4 + n };
}

/** The agent's keys; empty when there is no agent or it cannot be reached. */
export async function agentKeys(socket: string | undefined): Promise<SshPublicKey[]> {
  if (!socket) return [];
  let answer: Buffer;
  try {
    answer = await request(socket, REQUEST_IDENTITIES, Buffer.alloc(0));
  } catch {
    return [];
  }
  if (answer[0] !== IDENTITIES_ANSWER) return [];
  const out: SshPublicKey[] = [];
  let at = 1;
  const n = answer.readUInt32BE(at);
  at += 4;
  for (let i = 0; i < n; i++) {
    const blob = strings(answer, at);
    const comment = strings(answer, blob.next);
    at = comment.next;
    try {
      out.push(publicKeyFromBlob(Buffer.from(blob.value), comment.value.toString('utf8')));
    } catch {
      // A key type lm-post does not parse: skipped.
    }
  }
  return out;
}

/** The raw Ed25519 signature of `data` by the agent's key `key`; undefined when the agent refuses. */
export async function agentSign(socket: string, key: SshPublicKey, data: Buffer): Promise<Buffer | undefined> {
  const answer = await request(socket, SIGN_REQUEST, Buffer.concat([sshString(key.blob), sshString(data), Buffer.alloc(4)]), 120_000);
  if (answer[0] !== SIGN_RESPONSE) return undefined;
  const sig = strings(answer, 1).value;
  const type = strings(sig, 0);
  if (type.value.toString('latin1') !== 'ssh-ed25519') return undefined;
  return Buffer.from(strings(sig, type.next).value);
}
