import { loader } from '@monaco-editor/react';
import type { JSONSchema, MonacoYaml } from 'monaco-yaml';

type MonacoModule = typeof import('monaco-editor');

let ready: Promise<MonacoModule> | null = null;
let yaml: MonacoYaml | null = null;

const SCHEMA_URI = 'https://arcflow.local/workflow.schema.json';

/**
 * Loads Monaco from the local package (never a CDN) and its workers, once, in the browser.
 * Called from the client-only editor's dynamic import, never at module load.
 */
export function setupMonaco(): Promise<MonacoModule> {
  ready ??= (async () => {
    const monaco = await import('monaco-editor');
    (self as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = {
      getWorker(_workerId: string, label: string) {
        return label === 'yaml'
          ? new Worker(new URL('monaco-yaml/yaml.worker', import.meta.url), { type: 'module' })
          : new Worker(new URL('monaco-editor/esm/vs/editor/editor.worker', import.meta.url), {
              type: 'module',
            });
      },
    };
    // Themes that sit on the app's own surfaces (see globals.css).
    monaco.editor.defineTheme('arcflow-light', {
      base: 'vs',
      inherit: true,
      rules: [],
      colors: { 'editor.background': '#ffffff', 'editorGutter.background': '#ffffff' },
    });
    monaco.editor.defineTheme('arcflow-dark', {
      base: 'vs-dark',
      inherit: true,
      rules: [],
      colors: { 'editor.background': '#171b22', 'editorGutter.background': '#171b22' },
    });
    loader.config({ monaco });
    return monaco;
  })();
  return ready;
}

/** Gives monaco-yaml the workflow JSON Schema: autocomplete, hover docs and schema checks. */
export async function applyWorkflowSchema(monaco: MonacoModule, schema: unknown): Promise<void> {
  const { configureMonacoYaml } = await import('monaco-yaml');
  const options = {
    enableSchemaRequest: false,
    hover: true,
    completion: true,
    validate: true,
    schemas: [{ uri: SCHEMA_URI, fileMatch: ['*'], schema: schema as JSONSchema }],
  };
  if (yaml) yaml.update(options);
  else yaml = configureMonacoYaml(monaco, options);
}
