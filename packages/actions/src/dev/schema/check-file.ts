import { LineCounter, parseDocument } from 'yaml';
import { describeError, type SchemaCheck } from './load-schema.ts';
import { locatePointer, placeOfOffset } from './locate.ts';

/** One thing wrong in a file, located 1-based. */
export interface Problem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** `file:line:col: message`, as compilers and the CLI print problems. */
export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.message}`;
}

/**
 * Checks one JSON or YAML file's text: its syntax (JSON files are held to JSON's rules), then,
 * with a schema, its content, every error located at the node it is about.
 */
export function checkFile(file: string, text: string, schema: SchemaCheck | undefined): Problem[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return doc.errors.map((error) => ({
      file,
      ...placeOfOffset(lineCounter, error.pos[0]),
      message: firstLine(error.message),
    }));
  }
  if (/\.json$/i.test(file)) {
    const jsonProblem = checkJsonSyntax(file, text, lineCounter);
    if (jsonProblem) return [jsonProblem];
  }
  if (!schema) return [];
  return schema(doc.toJS({ maxAliasCount: 1000 })).map((error) => {
    const { message, key } = describeError(error);
    return { file, ...locatePointer(doc, lineCounter, error.instancePath, key), message };
  });
}

/** YAML accepts a little more than JSON (comments, single quotes); a .json file must be JSON. */
function checkJsonSyntax(
  file: string,
  text: string,
  lineCounter: LineCounter,
): Problem | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(message)?.[1];
    const place =
      position === undefined
        ? { line: 1, column: 1 }
        : placeOfOffset(lineCounter, Number(position));
    return {
      file,
      ...place,
      message: `not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`,
    };
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.trim() ?? text;
}
