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

/** Whether monaco-yaml checks the text itself (see `setYamlChecks`). */
let yamlChecks = true;

/** Gives monaco-yaml the workflow JSON Schema: autocomplete, hover docs and schema checks. */
export async function applyWorkflowSchema(monaco: MonacoModule, schema: unknown): Promise<void> {
  const { configureMonacoYaml } = await import('monaco-yaml');
  const options = {
    enableSchemaRequest: false,
    hover: true,
    completion: true,
    validate: yamlChecks,
    schemas: [{ uri: SCHEMA_URI, fileMatch: ['*'], schema: schema as JSONSchema }],
  };
  if (yaml) yaml.update(options);
  else yaml = configureMonacoYaml(monaco, options);
}

/**
 * Turns monaco-yaml's own checks off or on (its markers go with them). Off while the engine
 * says the text nests too deep: monaco-yaml's parser runs out of stack there and marks every
 * bracket of the line, burying the engine's one marker that says what is wrong.
 */
export function setYamlChecks(enabled: boolean): void {
  if (enabled === yamlChecks) return;
  yamlChecks = enabled;
  void yaml?.update({ validate: enabled });
}
