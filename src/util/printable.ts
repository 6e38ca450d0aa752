// Names that come from the file system (post file names, ids) are printed to terminals and logs:
// control characters in them (terminal escapes, a newline forging a log line) are escaped, as the
// `github` format does (%XX), so that what is printed is exactly one visible line.

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

export function printable(s: string): string {
  return s.replace(CONTROL, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
