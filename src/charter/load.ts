// Load and validate the charter: structure by JSON Schema, then cross-field consistency
// (types → networks, groups → types, people → groups…). Any problem is a configuration error
// (exit 2) with file:line:column.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, closeSync, constants, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import type { ValidateFunction } from 'ajv';
import { ExitCode, LmPostError, type SourcePosition } from '../errors.js';
import type { Bilingual } from '../i18n/index.js';
import { explainErrors, validatorFor } from '../schema/ajv.js';
import { isValidTimeZone } from '../util/time.js';
import { type FieldPath, type ParsedYaml, MAX_YAML_BYTES, parseYamlBytes, spanOf } from '../util/yaml.js';
import { buildCharterSchema } from './schema.js';
import { type Charter, type CharterData, isNetworkId, LETTER, NETWORK_IDS, WEEKDAYS } from './types.js';
import { SYNTAX_MESSAGES } from '../rules/schema.js';
import { parsePublicKeyLine } from '../review/sshsig.js';

let validator: ValidateFunction | undefined;

interface Problem {
  path: FieldPath;
  key?: boolean;
  msg: Bilingual;
  data: Record<string, unknown>;
}

function crossChecks(c: CharterData): Problem[] {
  const out: Problem[] = [];
  const add = (p: FieldPath, fr: string, en: string, data: Record<string, unknown> = {}, key = false) =>
    out.push({ path: p, key, msg: { fr, en }, data });
  if (!isValidTimeZone(c.timezone)) {
    add(['timezone'], 'Fuseau horaire inconnu « {{tz}} » (exemple : Europe/Paris).', 'Unknown time zone "{{tz}}" (example: Europe/Paris).', { tz: c.timezone });
  }
  for (const n of NETWORK_IDS) {
    const mirror = c.networks[n]?.mirror_of;
    if (mirror && (!c.networks[mirror] || mirror === n)) {
      add(['networks', n, 'mirror_of'], 'Le réseau « {{m}} » n’est pas déclaré dans networks.', 'Network "{{m}}" is not declared in networks.', { m: mirror });
    }
  }
  for (const [tid, t] of Object.entries(c.types)) {
    t.networks.forEach((n, i) => {
      if (n === LETTER) {
        if (!c.letter) add(['types', tid, 'networks', i], 'Le type « {{t}} » va dans la lettre, mais la charte n’a pas de section letter:.', 'Type "{{t}}" goes to the letter, but the charter has no letter: section.', { t: tid });
        return;
      }
      if (isNetworkId(n) && !c.networks[n]) {
        add(['types', tid, 'networks', i], 'Le type « {{t}} » vise « {{n}} », qui n’est pas déclaré dans networks.', 'Type "{{t}}" targets "{{n}}", which is not declared in networks.', { t: tid, n });
      }
    });
  }
  for (const [gid, g] of Object.entries(c.groups)) {
    if (g.types === '*') continue;
    g.types.forEach((t, i) => {
      if (!c.types[t]) add(['groups', gid, 'types', i], 'Le groupe « {{g}} » cite le type inconnu « {{t}} ».', 'Group "{{g}}" names unknown type "{{t}}".', { g: gid, t });
    });
  }
  // Signed decisions (SPEC §16): a key line must hold a whole Ed25519 key, not a truncated paste.
  const badKey = (line: string) => {
    try {
      return !parsePublicKeyLine(line).raw;
    } catch {
      return true;
    }
  };
  c.people.forEach((p, i) =>
    p.keys?.forEach((k, j) => {
      if (badKey(k)) add(['people', i, 'keys', j], 'La clé n° {{n}} de « {{id}} » n’est pas une clé ssh-ed25519 complète : recopiez toute la ligne de ~/.ssh/id_ed25519.pub.', 'Key #{{n}} of "{{id}}" is not a whole ssh-ed25519 key: copy the whole line of ~/.ssh/id_ed25519.pub.', { n: j + 1, id: p.id });
    }),
  );
  if (c.approval?.forge_key && badKey(c.approval.forge_key)) {
    add(['approval', 'forge_key'], 'forge_key n’est pas une clé ssh-ed25519 complète : recopiez toute la ligne du fichier .pub de la clé de la forge.', 'forge_key is not a whole ssh-ed25519 key: copy the whole line of the forge key’s .pub file.');
  }
  const ids = new Set<string>();
  c.people.forEach((p, i) => {
    if (ids.has(p.id)) add(['people', i, 'id'], 'La personne « {{id}} » est déclarée deux fois.', 'Person "{{id}}" is declared twice.', { id: p.id });
    ids.add(p.id);
    if (!c.groups[p.group]) add(['people', i, 'group'], 'Groupe inconnu « {{g}} » pour « {{id}} ».', 'Unknown group "{{g}}" for "{{id}}".', { g: p.group, id: p.id });
  });
  if (c.letter) {
    const seen = new Set<string>();
    c.letter.sections.forEach((sec, i) => {
      if (seen.has(sec.id)) add(['letter', 'sections', i, 'id'], 'La section « {{id}} » est déclarée deux fois.', 'Section "{{id}}" is declared twice.', { id: sec.id });
      seen.add(sec.id);
      sec.types.forEach((t, j) => {
        if (!c.types[t]) add(['letter', 'sections', i, 'types', j], 'La section « {{s}} » cite le type inconnu « {{t}} ».', 'Section "{{s}}" names unknown type "{{t}}".', { s: sec.id, t });
      });
    });
    const anchor = c.letter.fortnight.anchor;
    if (anchor) {
      const d = new Date(`${anchor}T12:00:00Z`);
      const wd = WEEKDAYS[(d.getUTCDay() + 6) % 7];
      if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== anchor) {
        add(['letter', 'fortnight', 'anchor'], 'Date impossible « {{d}} ».', 'Impossible date "{{d}}".', { d: anchor });
      } else if (wd !== c.letter.fortnight.starts) {
        add(['letter', 'fortnight', 'anchor'], 'Le {{d}} est un {{wd}}, pas un {{starts}} : la date de référence doit ouvrir une quinzaine.', '{{d}} is a {{wd}}, not a {{starts}}: the anchor must be the first day of a fortnight.', { d: anchor, wd, starts: c.letter.fortnight.starts });
      }
    }
  }
  const win = c.schedule?.window;
  if (win && win.from >= win.to) {
    add(['schedule', 'window'], 'La plage horaire doit commencer avant de finir ({{from}} → {{to}}).', 'The window must start before it ends ({{from}} → {{to}}).', { ...win });
  }
  return out;
}

/** A copy of `m` without prototype: `m[id]` finds only what the charter declares. */
function own<T>(m: Record<string, T> | undefined): Record<string, T> | undefined {
  return m && Object.assign(Object.create(null) as Record<string, T>, m);
}

/**
 * Every map looked up by a user-given id (a post's `type`, a person's `group`, a mention, a
 * network, a rule) without prototype, so that `constructor`, `toString` or `__proto__` are
 * unknown ids like any other instead of Object.prototype members (issue 6, defect 8).
 */
function ownMaps(c: CharterData): CharterData {
  const out: CharterData = { ...c, networks: own(c.networks)!, types: own(c.types)!, groups: own(c.groups)! };
  if (c.accounts) out.accounts = own(c.accounts)!;
  if (c.rules) out.rules = own(c.rules)!;
  if (c.schedule?.cadence) out.schedule = { ...c.schedule, cadence: own(c.schedule.cadence as Record<string, number>)! };
  return out;
}

/**
 * The validated charter is cached, keyed by its bytes and by this build of lm-post: a check of a
 * few posts then skips the charter's parse and validation (the `yaml` parse of a 17 KB charter
 * alone is ~45 ms cold). In the project's state folder (.lm-post/, when it exists: check creates
 * no file in the project), or else in the user's cache folder, shared by every project, one file
 * per charter × build and at most SHARED_KEEP of them.
 */
export interface CharterCache {
  dir: string;
  /** A folder shared by several projects (the user's cache), made if missing. */
  shared?: boolean;
  /**
   * The user's private cache folder (0700), holding the key that authenticates every entry. An
   * entry is used only when its MAC under that key is right and the charter's bytes, hashed again,
   * are those it was made from: whoever can write the cache folder (a shared checkout, a restored
   * CI cache) cannot make lm-post load a charter it did not validate. No key folder, no cache.
   */
  keyDir?: string;
}
const CACHE_FILE = 'charter-cache.json';
const SHARED_KEEP = 16;
const cacheFileOf = (c: CharterCache, key: string) => path.join(c.dir, c.shared ? `charter-${key.slice(0, 32)}.json` : CACHE_FILE);
let buildStamp: string | undefined;
function cacheKey(bytes: Uint8Array): string {
  if (buildStamp === undefined) {
    const own = (u: string) => {
      try {
        const st = statSync(fileURLToPath(new URL(u, import.meta.url)));
        return `${st.size}:${st.mtimeMs}`;
      } catch {
        return '-';
      }
    };
    buildStamp = `${own('./load.js')}|${own('./schema.js')}|${own('../schema/validators.js')}`;
  }
  return createHash('sha256').update(bytes).update(`\0${buildStamp}`).digest('hex');
}

/** The secret of the user's cache folder (made on first use, 0600 in a 0700 folder owned by the user), or undefined. */
function cacheSecret(dir: string | undefined): Buffer | undefined {
  if (!dir) return undefined;
  const mine = (st: { uid: number; mode: number }) => (process.getuid ? st.uid === process.getuid() : true);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = lstatSync(dir);
    if (!st.isDirectory() || !mine(st)) return undefined;
    if ((st.mode & 0o077) !== 0) chmodSync(dir, 0o700);
    const file = path.join(dir, 'cache.key');
    try {
      const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
      try {
        writeSync(fd, randomBytes(32));
      } finally {
        closeSync(fd);
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
    }
    const kst = lstatSync(file);
    if (!kst.isFile() || !mine(kst) || (kst.mode & 0o077) !== 0) return undefined;
    const secret = readFileSync(file);
    return secret.length === 32 ? secret : undefined;
  } catch {
    return undefined;
  }
}

const macOf = (secret: Buffer, key: string, charterDigest: string, json: string) => createHmac('sha256', secret).update(`${key}\0${charterDigest}\0${json}`).digest('hex');
const digestOf = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function readCached(cache: CharterCache, key: string, bytes: Uint8Array): CharterData | undefined {
  try {
    const secret = cacheSecret(cache.keyDir);
    if (!secret) return undefined;
    const c = JSON.parse(readFileSync(cacheFileOf(cache, key), 'utf8')) as { key?: unknown; charter?: unknown; json?: unknown; mac?: unknown };
    if (c.key !== key || typeof c.json !== 'string' || typeof c.mac !== 'string' || typeof c.charter !== 'string') return undefined;
    // The charter hashed again: the entry is for these very bytes.
    if (c.charter !== digestOf(bytes)) return undefined;
    const want = Buffer.from(macOf(secret, key, c.charter, c.json), 'hex');
    const got = Buffer.from(c.mac, 'hex');
    if (got.length !== want.length || !timingSafeEqual(got, want)) return undefined;
    const data = JSON.parse(c.json) as CharterData;
    return data && typeof data === 'object' ? data : undefined;
  } catch {
    return undefined;
  }
}

function writeCached(cache: CharterCache, key: string, bytes: Uint8Array, data: CharterData): void {
  // Best effort: a read-only checkout or home folder goes without the cache.
  const tmp = path.join(cache.dir, `.${CACHE_FILE}.${process.pid}.tmp`);
  try {
    const secret = cacheSecret(cache.keyDir);
    if (!secret) return;
    const json = JSON.stringify(data);
    // Only what JSON keeps exactly (a YAML .inf or .nan would not come back the same).
    if (!isDeepStrictEqual(JSON.parse(json), data)) return;
    // check creates no file in the project: there, the cache lives only in a state folder already there.
    if (cache.shared) mkdirSync(cache.dir, { recursive: true, mode: 0o700 });
    if (!statSync(cache.dir).isDirectory()) return;
    const charterDigest = digestOf(bytes);
    writeFileSync(tmp, JSON.stringify({ key, charter: charterDigest, json, mac: macOf(secret, key, charterDigest, json) }), { mode: 0o600 });
    renameSync(tmp, cacheFileOf(cache, key));
    if (cache.shared) pruneShared(cache.dir);
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      /* nothing more to do */
    }
  }
}

/** The shared cache keeps its SHARED_KEEP most recent charters. */
function pruneShared(dir: string): void {
  const files = readdirSync(dir).filter((f) => /^charter-[0-9a-f]{32}\.json$/.test(f));
  if (files.length <= SHARED_KEEP) return;
  const byAge = files.map((f) => ({ f, t: statSync(path.join(dir, f)).mtimeMs })).sort((a, b) => b.t - a.t);
  for (const { f } of byAge.slice(SHARED_KEEP)) rmSync(path.join(dir, f), { force: true });
}

/** The charter with its parsed document made on first use (only error positions need it). */
function withLazyDocument(data: CharterData, shown: string, bytes: Uint8Array): Charter {
  const charter = { ...data, file: shown } as Charter;
  let parsed: ParsedYaml | undefined;
  Object.defineProperty(charter, 'parsed', { enumerable: true, configurable: true, get: () => (parsed ??= parseYamlBytes(bytes)) });
  return charter;
}

export function loadCharter(file: string, cwd = process.cwd(), opts: { cache?: CharterCache } = {}): Charter {
  const abs = path.resolve(cwd, file);
  const shown = path.relative(cwd, abs) || abs;
  let bytes: Uint8Array;
  let size = 0;
  try {
    const st = statSync(abs);
    // A FIFO or a device would be read forever; a huge file is refused without being read.
    if (!st.isFile()) throw Object.assign(new Error('not a file'), { code: st.isDirectory() ? 'EISDIR' : st.isFIFO() ? 'FIFO' : 'not a regular file' });
    bytes = st.size > MAX_YAML_BYTES ? new Uint8Array(0) : readFileSync(abs);
    size = st.size;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code && code !== 'ENOENT' && code !== 'ENOTDIR') {
      throw new LmPostError(
        'charter-unreadable',
        { fr: 'Impossible de lire la charte {{file}} ({{code}}) : ce doit être un fichier YAML ordinaire.', en: 'Cannot read the charter {{file}} ({{code}}): it must be a regular YAML file.' },
        { file: shown, code: code === 'ELOOP' ? 'ELOOP, symbolic link loop' : code },
        ExitCode.usage,
      );
    }
    throw new LmPostError(
      'charter-missing',
      {
        fr: 'Charte introuvable : {{file}} ({{code}}). Indiquez-la avec --charter CHEMIN ou lancez lm-post depuis le dossier qui contient charter/charter.yaml.',
        en: 'Charter not found: {{file}} ({{code}}). Point to it with --charter PATH or run lm-post from the folder that holds charter/charter.yaml.',
      },
      { file: shown, code },
      ExitCode.usage,
    );
  }
  const key = opts.cache ? cacheKey(bytes) : '';
  const cached = opts.cache ? readCached(opts.cache, key, bytes) : undefined;
  if (cached) return withLazyDocument(ownMaps(cached), shown, bytes);
  const parsed = parseYamlBytes(bytes, size);
  const pos = (p: FieldPath, key = false): SourcePosition => ({ file: shown, ...spanOf(parsed, p, { key }) });
  const invalid = (details: LmPostError['details']) =>
    new LmPostError(
      'charter-invalid',
      { fr: 'La charte {{file}} est invalide :', en: 'The charter {{file}} is invalid:' },
      { file: shown },
      ExitCode.usage,
      undefined,
      details,
    );
  if (parsed.problems.length) {
    throw invalid(
      parsed.problems.map((p) => ({
        position: { file: shown, line: p.line, column: p.column },
        msg:
          p.code === 'too-large'
            ? { fr: 'Fichier trop gros ({{detail}} Ko) : une charte fait au plus quelques centaines de kilo-octets.', en: 'File too large ({{detail}} KB): a charter is at most a few hundred kilobytes.' }
            : (SYNTAX_MESSAGES[p.code as keyof typeof SYNTAX_MESSAGES] ?? SYNTAX_MESSAGES.syntax),
        data: { detail: p.detail, ...p.data },
      })),
    );
  }
  validator ??= validatorFor('charter', buildCharterSchema);
  if (!validator(parsed.value)) {
    const problems = explainErrors(validator.errors ?? [], parsed.value);
    throw invalid(problems.map((p) => ({ position: pos(p.path, p.key), msg: p.msg, data: p.data })));
  }
  const data = ownMaps(parsed.value as CharterData);
  const cross = crossChecks(data);
  if (cross.length) throw invalid(cross.map((p) => ({ position: pos(p.path, p.key), msg: p.msg, data: p.data })));
  // The plain data (ownMaps' prototype-free copies do not survive a JSON round trip as such).
  if (opts.cache) writeCached(opts.cache, key, bytes, parsed.value as CharterData);
  return { ...data, file: shown, parsed };
}
