// Runs a GitHub Actions job's `run:` steps locally, in order, the way the runner does: composite
// actions used with `uses: ./` are expanded into their own steps, `${{ … }}` expressions of
// inputs, secrets and github.* are substituted, GITHUB_ENV and GITHUB_OUTPUT work. Steps that use
// third-party actions (checkout, cache, setup-node) are skipped: the test provides the clone
// and Node itself.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  shell?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  'working-directory'?: string;
}

export interface StepRun {
  name: string;
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunContext {
  cwd: string;
  actionPath: string;
  secrets: Record<string, string>;
  /** Configuration variables (`vars.*`); an unset one is empty, as on GitHub. */
  vars?: Record<string, string>;
  env: NodeJS.ProcessEnv;
  /** Further expression values, e.g. `github.event.pull_request.base.sha`. */
  scope?: Record<string, string>;
}

function evaluate(s: string, scope: Record<string, string>): string {
  return s.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => scope[expr] ?? '');
}

export async function runJob(workflowFile: string, job: string, ctx: RunContext): Promise<StepRun[]> {
  const wf = parse(readFileSync(workflowFile, 'utf8')) as { jobs: Record<string, { steps: Step[]; env?: Record<string, string> }> };
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'lm-post-runner-'));
  const envFile = path.join(tmp, 'env');
  writeFileSync(envFile, '');
  const results: StepRun[] = [];
  const globalScope: Record<string, string> = { 'github.action_path': ctx.actionPath, 'github.token': '', 'github.run_id': '1', ...ctx.scope };
  for (const [k, v] of Object.entries(ctx.secrets)) globalScope[`secrets.${k}`] = v;
  for (const [k, v] of Object.entries(ctx.vars ?? {})) globalScope[`vars.${k}`] = v;
  const exported = (): Record<string, string> =>
    Object.fromEntries(
      readFileSync(envFile, 'utf8')
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
  let failed = false;
  const runStep = async (step: Step, scope: Record<string, string>, inheritedEnv: Record<string, string>, cwd: string): Promise<void> => {
    const env: Record<string, string> = { ...inheritedEnv };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = evaluate(String(v), scope);
    const runsAfterFailure = /always\(\)|!cancelled\(\)/.test(step.if ?? '');
    if (step.uses === './') {
      if (failed && !runsAfterFailure) return;
      // A composite action's steps see only their own failures (the step's `if` let it start).
      const before = failed;
      failed = false;
      const action = parse(readFileSync(path.join(ctx.actionPath, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }>; runs: { steps: Step[] } };
      const inner: Record<string, string> = { ...globalScope };
      for (const [k, spec] of Object.entries(action.inputs)) inner[`inputs.${k}`] = step.with?.[k] !== undefined ? evaluate(String(step.with[k]), scope) : (spec.default ?? '');
      for (const s of action.runs.steps) await runStep(s, inner, env, cwd);
      failed = before || failed;
      return;
    }
    if (step.uses || !step.run) return;
    if (failed && !runsAfterFailure) return;
    const output = path.join(tmp, `output-${results.length}`);
    writeFileSync(output, '');
    const wd = step['working-directory'] ? evaluate(step['working-directory'], scope) : cwd;
    // Asynchronous: the sandbox answering the CLI runs in this very process.
    const r = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', evaluate(step.run!, scope)], {
        cwd: path.resolve(cwd, wd),
        env: { ...ctx.env, ...exported(), ...env, GITHUB_ACTION_PATH: ctx.actionPath, GITHUB_ENV: envFile, GITHUB_OUTPUT: output, GITHUB_WORKSPACE: cwd, RUNNER_TEMP: tmp },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (b: Buffer) => (stdout += b));
      child.stderr.on('data', (b: Buffer) => (stderr += b));
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('close', (c) => {
        clearTimeout(timer);
        resolve({ code: c ?? 1, stdout, stderr });
      });
    });
    const code = r.code;
    results.push({ name: step.id ?? step.name ?? step.run.split('\n')[0]!, code, stdout: r.stdout, stderr: r.stderr });
    if (code !== 0) failed = true;
  };
  for (const step of wf.jobs[job]!.steps) await runStep(step, globalScope, {}, ctx.cwd);
  return results;
}
