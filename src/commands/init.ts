// lm-post init: another collective's publishing repository in one command — a commented charter
// template with its own (example) names, two example posts, .gitignore, the CI and a French
// README. Everything is written into a temporary sibling folder, then moved into place: an
// interrupted init never leaves a half-written repository.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GlobalOptions, Io } from '../cli/io.js';
import { ExitCode, LmPostError } from '../errors.js';
import { resolveLang } from '../i18n/index.js';
import { stringify } from 'yaml';

export type CiKind = 'github' | 'gitlab';

export interface InitOptions extends GlobalOptions {
  dir?: string;
  ci?: CiKind;
  org?: string;
  /** The action the workflows use, OWNER/REPO@REF (default: this package's repository at its version tag). */
  action?: string;
  json?: boolean;
}

const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where lm-post's GitHub Action lives: the package's own repository (package.json "repository"). */
export function packageRepository(): string {
  const pkg = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { repository?: string | { url?: string } };
  const url = typeof pkg.repository === 'string' ? pkg.repository : (pkg.repository?.url ?? '');
  return /github\.com[/:]([\w.-]+\/[\w.-]+?)(?:\.git)?$/.exec(url)?.[1] ?? /^(?:github:)?([\w.-]+\/[\w.-]+)$/.exec(url)?.[1] ?? 'locaux-motiv/lm-post';
}

/** The action reference the workflows use: OWNER/REPO@REF. */
export interface ActionRef {
  repo: string;
  ref: string;
}

const ACTION_REF = /^([A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{1,100})@([A-Za-z0-9][A-Za-z0-9._/-]{0,200})$/;

export function actionRef(given: string | undefined, version: string): ActionRef {
  if (given === undefined) return { repo: packageRepository(), ref: `v${version}` };
  const m = ACTION_REF.exec(given.trim());
  if (!m || m[2]!.includes('..')) {
    throw new LmPostError(
      'init-bad-action',
      {
        fr: '--action attend PROPRIÉTAIRE/DÉPÔT@RÉF (par exemple « mon-collectif/lm-post@v0.1.0 » ou un commit), pas « {{given}} ».',
        en: '--action takes OWNER/REPO@REF (e.g. "my-collective/lm-post@v0.1.0" or a commit), not "{{given}}".',
      },
      { given },
      ExitCode.usage,
    );
  }
  return { repo: m[1]!, ref: m[2]! };
}

/** The workflows this repository runs, as another repository uses them (the action by tag). */
export function ciFiles(ci: CiKind, version: string, action: ActionRef = actionRef(undefined, version)): Record<string, string> {
  if (ci === 'gitlab') {
    // Values written as YAML double-quoted scalars (the reference was checked above).
    return {
      '.gitlab-ci.yml': readFileSync(path.join(PACKAGE_ROOT, '.gitlab-ci.yml'), 'utf8')
        .replace(/^(\s*LM_POST_REF: )"[^"]*"/m, (_, k: string) => `${k}${JSON.stringify(action.ref)}`)
        .replace(/^(\s*LM_POST_REPOSITORY: )"[^"]*"/m, (_, k: string) => `${k}${JSON.stringify(`https://github.com/${action.repo}.git`)}`),
    };
  }
  const out: Record<string, string> = {};
  const dir = path.join(PACKAGE_ROOT, '.github', 'workflows');
  for (const f of readdirSync(dir).filter((f) => f.startsWith('lm-post-') && f.endsWith('.yml')).sort()) {
    out[`.github/workflows/${f}`] = readFileSync(path.join(dir, f), 'utf8').replace(/uses: \.\/$/gm, `uses: ${action.repo}@${action.ref}`);
  }
  return out;
}

/** One line of free text (a heading, a comment): no line break or control character. */
function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
}

export function initFiles(org: string, ci: CiKind | undefined, version: string, action?: ActionRef): Record<string, string> {
  const tpl = path.join(PACKAGE_ROOT, 'templates', 'init');
  // The value through the YAML library (a double-quoted scalar on one line: backslashes, quotes and
  // line breaks escaped); the comments and headings get the name on one line.
  const quoted = stringify(org, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', lineWidth: 0 }).trimEnd();
  const fill = (s: string) => s.replaceAll('"{{organisation}}"', quoted).replaceAll('{{organisation}}', oneLine(org));
  const read = (p: string) => readFileSync(path.join(tpl, p), 'utf8');
  const files: Record<string, string> = {
    'charter/charter.yaml': fill(read('charter/charter.yaml')),
    'charter/charter.schema.json': readFileSync(path.join(PACKAGE_ROOT, 'charter', 'charter.schema.json'), 'utf8'),
    'charter/post.schema.json': readFileSync(path.join(PACKAGE_ROOT, 'charter', 'post.schema.json'), 'utf8'),
    '.gitignore': read('gitignore'),
    'README.md': read('README.md').replaceAll('{{organisation}}', oneLine(org)),
  };
  for (const f of readdirSync(path.join(tpl, 'queue')).sort()) files[`queue/${f}`] = read(`queue/${f}`);
  if (ci) Object.assign(files, ciFiles(ci, version, action));
  return files;
}

export async function init(io: Io, opts: InitOptions, version: string): Promise<number> {
  const fr = resolveLang({ flag: opts.lang, env: io.env }) === 'fr';
  const target = path.resolve(io.cwd, opts.dir ?? '.');
  // A folder holding only `.git` (a fresh `git init` or an empty clone) counts as empty.
  if (existsSync(target) && (!statSync(target).isDirectory() || readdirSync(target).some((n) => n !== '.git'))) {
    throw new LmPostError(
      'init-not-empty',
      {
        fr: '« {{dir}} » existe déjà et n’est pas un dossier vide : lm-post init ne remplace rien. Indiquez un nouveau dossier, par exemple « lm-post init ../mon-collectif ».',
        en: '"{{dir}}" already exists and is not an empty folder: lm-post init replaces nothing. Give a new folder, e.g. "lm-post init ../my-collective".',
      },
      { dir: opts.dir ?? '.' },
      ExitCode.usage,
    );
  }
  const org = opts.org?.trim() || titleFromDir(path.basename(target));
  const action = opts.ci ? actionRef(opts.action, version) : undefined;
  const files = initFiles(org, opts.ci, version, action);
  const tmp = `${target}.lm-post-init-${process.pid}`;
  try {
    for (const [rel, content] of Object.entries(files)) {
      const abs = path.join(tmp, rel);
      mkdirSync(path.dirname(abs), { recursive: true });
      writeFileSync(abs, content);
    }
    mkdirSync(path.join(tmp, 'queue', 'media'), { recursive: true });
    if (existsSync(target)) {
      // An existing empty folder (perhaps the user's current one) is kept: its new entries move in.
      for (const entry of readdirSync(tmp)) renameSync(path.join(tmp, entry), path.join(target, entry));
      rmdirSync(tmp);
    } else {
      renameSync(tmp, target);
    }
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw new LmPostError(
      'init-write',
      { fr: 'Impossible de créer « {{dir}} » ({{code}}) : rien n’a été écrit.', en: 'Cannot create "{{dir}}" ({{code}}): nothing was written.' },
      { dir: opts.dir ?? '.', code: (e as NodeJS.ErrnoException).code ?? 'EIO' },
      ExitCode.usage,
    );
  }
  const list = Object.keys(files).sort();
  if (opts.json) {
    io.out(JSON.stringify({ dir: target, organisation: org, ci: opts.ci ?? null, action: action ? `${action.repo}@${action.ref}` : null, files: list }) + '\n');
    return ExitCode.ok;
  }
  const rel = path.relative(io.cwd, target) || '.';
  io.out(
    (fr ? `Dépôt de publication créé dans ${rel}/ pour « ${org} » :\n` : `Publishing repository created in ${rel}/ for "${org}":\n`) +
      list.map((f) => `  ${f}\n`).join('') +
      (fr
        ? `\nEnsuite :\n  cd ${rel}\n  lm-post check     # les deux billets d’exemple sont conformes\n  lm-post demo      # tout le parcours dans le bac à sable, sans compte\nPuis adaptez charter/charter.yaml (réseaux, types, personnes) avant la première vraie publication.\n`
        : `\nNext:\n  cd ${rel}\n  lm-post check     # both example posts pass\n  lm-post demo      # the whole flow in the sandbox, no account needed\nThen adapt charter/charter.yaml (networks, types, people) before the first real publication.\n`),
  );
  if (action) io.out(ciNote(fr, opts.ci!, action, opts.action === undefined));
  return ExitCode.ok;
}

function titleFromDir(name: string): string {
  const words = name.replace(/[-_.]+/g, ' ').trim();
  if (!words) return 'Notre collectif';
  return words.charAt(0).toUpperCase() + words.slice(1);
}


/** What the CI files refer to, and what must exist for them to run. */
function ciNote(fr: boolean, ci: CiKind, a: ActionRef, byDefault: boolean): string {
  const where = `https://github.com/${a.repo}`;
  const what = ci === 'gitlab' ? `.gitlab-ci.yml` : `.github/workflows/lm-post-*.yml`;
  if (fr) {
    return (
      `\nLa CI (${what}) utilise lm-post ${a.repo}@${a.ref} : la référence « ${a.ref} » doit exister sur ${where}` +
      (byDefault ? ` (la version publiée de ce paquet ; si elle n’y est pas encore, créez cette version — le workflow release de lm-post — ou relancez init avec --action PROPRIÉTAIRE/DÉPÔT@RÉF).\n` : `.\n`)
    );
  }
  return (
    `\nThe CI (${what}) uses lm-post ${a.repo}@${a.ref}: the ref "${a.ref}" must exist on ${where}` +
    (byDefault ? ` (this package's released version; if it is not there yet, create that release — lm-post's release workflow — or run init again with --action OWNER/REPO@REF).\n` : `.\n`)
  );
}
