/**
 * The step output file (`$ARCFLOW_OUTPUT`), read as GitHub Actions reads `$GITHUB_OUTPUT`:
 *
 * - `name=value`: the rest of the line is the value (nothing is trimmed).
 * - `name<<DELIMITER`, the value's lines, then a line that is exactly `DELIMITER`: a value of
 *   several lines (joined with `\n`, no final newline).
 * - A value (either form) whose first non-blank character is `[` or `{` and that parses as
 *   JSON is stored as that array or object, so `for_each: ${{ steps.list.outputs.files }}`
 *   can iterate it. Anything else stays a string: `42`, `true` and `"quoted"` too, as on
 *   GitHub, and so does `[WIP] title`, which is not JSON.
 * - Blank lines are ignored; a name written twice keeps its last value.
 *
 * Names are letters, digits, `_` and `-`, not starting with a digit or `-`.
 */

import { jsonNestsDeeperThan } from '../definition/json-depth.ts';
import { MAX_NESTING_DEPTH } from '../definition/limits.ts';

export const OUTPUT_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** The largest output file read (1 MiB): outputs are stored with the run's events. */
export const OUTPUT_FILE_MAX_BYTES = 1024 * 1024;

export type OutputFileResult =
  | { ok: true; outputs: Record<string, unknown> }
  /** `line`: 1-based line of the file the problem is on. */
  | { ok: false; line: number; message: string };

export function parseOutputFile(text: string): OutputFileResult {
  const lines = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  if (lines.at(-1) === '') lines.pop();
  const outputs: Record<string, unknown> = {};
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const lineNo = i + 1;
    if (line.trim() === '') continue;
    const equals = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (heredoc >= 0 && (equals < 0 || heredoc < equals)) {
      const name = line.slice(0, heredoc);
      const delimiter = line.slice(heredoc + 2);
      const bad = nameProblem(name, lineNo);
      if (bad) return bad;
      if (delimiter.trim() === '') {
        return problem(lineNo, `"${name}<<" needs a delimiter after <<, as in ${name}<<EOF`);
      }
      const end = lines.indexOf(delimiter, i + 1);
      if (end < 0) {
        return problem(
          lineNo,
          `the value of "${name}" starts here with <<${delimiter} but no line is exactly "${delimiter}" to end it`,
        );
      }
      const value = outputValue(lines.slice(i + 1, end).join('\n'));
      if (value === TOO_DEEP) return tooDeep(name, lineNo);
      outputs[name] = value;
      i = end;
      continue;
    }
    if (equals < 0) {
      return problem(lineNo, `expected name=value or name<<DELIMITER, not ${quote(line)}`);
    }
    const name = line.slice(0, equals);
    const bad = nameProblem(name, lineNo);
    if (bad) return bad;
    const value = outputValue(line.slice(equals + 1));
    if (value === TOO_DEEP) return tooDeep(name, lineNo);
    outputs[name] = value;
  }
  return { ok: true, outputs };
}

/** An array or object nested deeper than any later step could walk (it recurses per level). */
const TOO_DEEP = Symbol('too deep');

function outputValue(text: string): unknown {
  const first = text.trimStart()[0];
  if (first !== '[' && first !== '{') return text;
  if (jsonNestsDeeperThan(text, MAX_NESTING_DEPTH)) return TOO_DEEP;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? parsed : text;
  } catch {
    return text;
  }
}

function tooDeep(name: string, line: number): OutputFileResult {
  return problem(
    line,
    `the value of "${name}" nests more than ${MAX_NESTING_DEPTH} levels deep (arrays and objects inside each other); write it flatter`,
  );
}

function nameProblem(name: string, line: number): OutputFileResult | undefined {
  if (OUTPUT_NAME.test(name)) return undefined;
  const what = name === '' ? 'an empty name' : `${quote(name)}`;
  return problem(
    line,
    `${what} is not an output name: use letters, digits, _ and -, starting with a letter or _`,
  );
}

function problem(line: number, message: string): OutputFileResult {
  return { ok: false, line, message };
}

function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}
