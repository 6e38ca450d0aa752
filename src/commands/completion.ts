// lm-post completion bash|zsh|fish: completion scripts built from commander's program at run
// time, so every command registered (by any module) is completed without a list to maintain.
import type { Command, Option } from 'commander';

interface Spec {
  name: string;
  description: string;
  options: { flags: string[]; takesValue: boolean; choices: string[]; description: string }[];
  choices: string[];
}

function optionSpec(o: Option): Spec['options'][number] {
  return {
    flags: [o.long, o.short].filter((f): f is string => !!f),
    takesValue: o.required || o.optional,
    choices: [...(o.argChoices ?? [])],
    description: o.description,
  };
}

function specs(program: Command): { globals: Spec['options']; commands: Spec[] } {
  const globals = program.options.map(optionSpec);
  const commands = program.commands
    .filter((c) => c.name() !== 'help')
    .map((c) => ({
      name: c.name(),
      description: c.description(),
      options: c.options.map(optionSpec),
      choices: c.registeredArguments.flatMap((a) => [...(a.argChoices ?? [])]),
    }));
  return { globals, commands };
}

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function bash(program: Command): string {
  const { globals, commands } = specs(program);
  const inherited = globals.filter((o) => !o.flags.includes('--version'));
  const flags = (opts: Spec['options']) => opts.flatMap((o) => o.flags).join(' ');
  // Values of options: their choices, else file names.
  const valueCases = (opts: Spec['options'], indent: string) =>
    opts
      .filter((o) => o.takesValue)
      .map((o) => `${indent}${o.flags.join('|')}) COMPREPLY=($(compgen ${o.choices.length ? `-W ${q(o.choices.join(' '))}` : '-f'} -- "$cur")); return ;;`)
      .join('\n');
  return `# lm-post completion for bash: add to ~/.bashrc
#   source <(lm-post completion bash)
_lm_post() {
  local cur prev cmd i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  cmd=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in -*) ;; *) cmd="\${COMP_WORDS[i]}"; break ;; esac
  done
  case "$prev" in
${valueCases(globals, '    ')}
  esac
  case "$cmd" in
    "") COMPREPLY=($(compgen -W ${q(commands.map((c) => c.name).join(' ') + ' help ' + flags(globals))} -- "$cur")); return ;;
${commands
  .map(
    (c) => `    ${c.name})
      case "$prev" in
${valueCases(c.options, '        ')}
      esac
${c.choices.length ? `      if [[ "$cur" != -* ]]; then COMPREPLY=($(compgen -W ${q(c.choices.join(' '))} -- "$cur")); return; fi\n` : ''}      COMPREPLY=($(compgen -W ${q([flags(c.options), flags(inherited)].filter(Boolean).join(' '))} -- "$cur"))${c.choices.length ? '; return' : ''} ;;`,
  )
  .join('\n')}
  esac
  if [[ "$cur" != -* ]]; then COMPREPLY+=($(compgen -f -- "$cur")); fi
}
complete -o filenames -F _lm_post lm-post
`;
}

function zsh(program: Command): string {
  const { globals, commands } = specs(program);
  const esc = (s: string) => s.replace(/'/g, '’').replace(/([[\]:\\])/g, '\\$1');
  const optLines = (opts: Spec['options']) =>
    opts.map((o) => {
      const names = o.flags.length > 1 ? `{${o.flags.join(',')}}` : o.flags[0];
      const value = o.takesValue ? `:value:${o.choices.length ? `(${o.choices.join(' ')})` : '_files'}` : '';
      return `      '${o.flags.length > 1 ? `(${o.flags.join(' ')})` : ''}'${names}'[${esc(o.description)}]${value}'`;
    });
  return `#compdef lm-post
# lm-post completion for zsh: add to ~/.zshrc
#   source <(lm-post completion zsh)
_lm_post() {
  local -a commands
  commands=(
${commands.map((c) => `    '${c.name}:${esc(c.description)}'`).join('\n')}
  )
  _arguments -C \\
${optLines(globals).map((l) => l + ' \\').join('\n')}
    '1:command:->command' \\
    '*::arg:->args'
  case $state in
    command) _describe command commands ;;
    args)
      case $words[1] in
${commands
  .map(
    (c) => `        ${c.name}) _arguments \\
${[...optLines(c.options), ...optLines(globals)].map((l) => '  ' + l + ' \\').join('\n')}
            ${c.choices.length ? `'1:value:(${c.choices.join(' ')})'` : "'*:file:_files'"} ;;`,
  )
  .join('\n')}
      esac ;;
  esac
}
compdef _lm_post lm-post
`;
}

function fish(program: Command): string {
  const { globals, commands } = specs(program);
  const line = (cond: string, o: Spec['options'][number]) => {
    const parts = [`complete -c lm-post -n ${q(cond)}`];
    for (const f of o.flags) parts.push(f.startsWith('--') ? `-l ${f.slice(2)}` : `-s ${f.slice(1)}`);
    if (o.takesValue) parts.push(o.choices.length ? `-r -f -a ${q(o.choices.join(' '))}` : '-r -F');
    parts.push(`-d ${q(o.description)}`);
    return parts.join(' ');
  };
  const none = `not __fish_seen_subcommand_from ${commands.map((c) => c.name).join(' ')}`;
  return [
    '# lm-post completion for fish: lm-post completion fish > ~/.config/fish/completions/lm-post.fish',
    'complete -c lm-post -f',
    ...commands.map((c) => `complete -c lm-post -n ${q(none)} -a ${c.name} -d ${q(c.description)}`),
    ...globals.map((o) => line('true', o)),
    ...commands.flatMap((c) => [
      ...c.options.map((o) => line(`__fish_seen_subcommand_from ${c.name}`, o)),
      ...(c.choices.length ? [`complete -c lm-post -n ${q(`__fish_seen_subcommand_from ${c.name}`)} -a ${q(c.choices.join(' '))}`] : [`complete -c lm-post -n ${q(`__fish_seen_subcommand_from ${c.name}`)} -F`]),
    ]),
    '',
  ].join('\n');
}

export function completion(program: Command, shell: 'bash' | 'zsh' | 'fish'): string {
  return shell === 'bash' ? bash(program) : shell === 'zsh' ? zsh(program) : fish(program);
}
