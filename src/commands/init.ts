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

export type CiKind = 'github' | 'gitlab';

export interface InitOptions extends GlobalOptions {
  dir?: string;
  ci?: CiKind;
  org?: string;
  json?: boolean;
}

/** Where lm-post's GitHub Action lives, pinned to this version, for the workflows of others. */
export const ACTION_REPOSITORY = 'locaux-motiv/lm-post';
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The workflows this repository runs, as another repository uses them (the action by tag). */
export function ciFiles(ci: CiKind, version: string): Record<string, string> {
  if (ci === 'gitlab') {
    return { '.gitlab-ci.yml': readFileSync(path.join(PACKAGE_ROOT, '.gitlab-ci.yml'), 'utf8').replace(/^(\s*LM_POST_REF: )"[^"]*"/m, `$1"v${version}"`) };
  }
  const out: Record<string, string> = {};
  const dir = path.join(PACKAGE_ROOT, '.github', 'workflows');
  for (const f of readdirSync(dir).filter((f) => f.startsWith('lm-post-') && f.endsWith('.yml')).sort()) {
    out[`.github/workflows/${f}`] = readFileSync(path.join(dir, f), 'utf8').replace(/uses: \.\/$/gm, `uses: ${ACTION_REPOSITORY}@v${version}`);
  }
  return out;
}

export function initFiles(org: string, ci: CiKind | undefined, version: string): Record<string, string> {
  const tpl = path.join(PACKAGE_ROOT, 'templates', 'init');
  const fill = (s: string) => s.replaceAll('{{organisation}}', org.replace(/"/g, '\\"'));
  const read = (p: string) => readFileSync(path.join(tpl, p), 'utf8');
  const files: Record<string, string> = {
    'charter/charter.yaml': fill(read('charter/charter.yaml')),
    'charter/charter.schema.json': readFileSync(path.join(PACKAGE_ROOT, 'charter', 'charter.schema.json'), 'utf8'),
    'charter/post.schema.json': readFileSync(path.join(PACKAGE_ROOT, 'charter', 'post.schema.json'), 'utf8'),
    '.gitignore': read('gitignore'),
    'README.md': read('README.md').replaceAll('{{organisation}}', org),
  };
  for (const f of readdirSync(path.join(tpl, 'queue')).sort()) files[`queue/${f}`] = read(`queue/${f}`);
  if (ci) Object.assign(files, ciFiles(ci, version));
  return files;
}

export async function init(io: Io, opts: InitOptions, version: string): Promise<number> {
  const fr = resolveLang({ flag: opts.lang, env: io.env }) === 'fr';
  const target = path.resolve(io.cwd, opts.dir ?? '.');
  if (existsSync(target) && (!statSync(target).isDirectory() || readdirSync(target).length > 0)) {
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
  const files = initFiles(org, opts.ci, version);
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
    io.out(JSON.stringify({ dir: target, organisation: org, ci: opts.ci ?? null, files: list }) + '\n');
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
  return ExitCode.ok;
}

function titleFromDir(name: string): string {
  const words = name.replace(/[-_.]+/g, ' ').trim();
  if (!words) return 'Notre collectif';
  return words.charAt(0).toUpperCase() + words.slice(1);
}

