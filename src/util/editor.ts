// How to start the user's editor on a file, the way git does (run-command.c, prepare_shell_cmd):
// an $EDITOR without shell metacharacters is run as is; one with them (arguments, quotes) runs
// through `sh -c '<editor> "$@"'`, with the file as a positional parameter. Either way the path is
// one argument that no shell ever reads: a checkout path with a space or `$(…)` opens that file
// and runs nothing.

const SHELL_META = /[|&;<>()$`\\"' \t\n*?[#~=%]/;

export function editorInvocation(editor: string, file: string): { command: string; args: string[] } {
  if (process.platform === 'win32' || !SHELL_META.test(editor)) return { command: editor, args: [file] };
  return { command: 'sh', args: ['-c', `${editor} "$@"`, editor, file] };
}
