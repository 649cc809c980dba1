'use client';

import Editor, { type OnMount } from '@monaco-editor/react';
import type * as Monaco from 'monaco-editor';
import { useEffect, useRef } from 'react';
import type { Diagnostic } from '@/lib/api-types';
import { useEffectiveTheme } from '@/shell/useEffectiveTheme';
import styles from './editor.module.css';
import { applyWorkflowSchema, setYamlChecks } from './monaco-setup';

export interface EditorApi {
  revealLines(start: number, end: number): void;
  revealPosition(line: number, column: number): void;
}

type MonacoModule = typeof Monaco;

const MARKER_OWNER = 'arcflow';

function toMarkers(
  monaco: MonacoModule,
  model: Monaco.editor.ITextModel,
  diagnostics: Diagnostic[],
): Monaco.editor.IMarkerData[] {
  const lines = model.getLineCount();
  return diagnostics.map((d) => {
    const line = Math.min(Math.max(1, d.line), lines);
    const column = Math.max(1, d.column);
    const word = model.getWordAtPosition({ lineNumber: line, column });
    const endColumn = word
      ? word.endColumn
      : Math.min(model.getLineMaxColumn(line), column + MAX_MARKER_WIDTH);
    return {
      severity:
        d.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
      message: d.message,
      code: d.code,
      source: 'arcflow',
      startLineNumber: line,
      startColumn: column,
      endLineNumber: line,
      endColumn: Math.max(endColumn, column + 1),
    };
  });
}

/**
 * A marker not on a word runs to the line's end, but only so far: on a 20,000-character line
 * (YAML nested too deep) it would paint every wrapped row red instead of pointing at the place.
 */
const MAX_MARKER_WIDTH = 60;

/** Monaco with the workflow schema; must be loaded client-side only (see `LazyYamlEditor`). */
export default function YamlEditor({
  path,
  value,
  onChange,
  schema,
  diagnostics,
  onSave,
  onReady,
  readOnly = false,
}: {
  path: string;
  value: string;
  onChange: (value: string) => void;
  schema: unknown;
  diagnostics: Diagnostic[];
  onSave: () => void;
  onReady: (api: EditorApi) => void;
  readOnly?: boolean;
}) {
  const theme = useEffectiveTheme();
  const monacoRef = useRef<MonacoModule | null>(null);
  const editorRef = useRef<Monaco.editor.IStandaloneCodeEditor | null>(null);
  const onSaveRef = useRef(onSave);
  onSaveRef.current = onSave;

  useEffect(() => {
    const monaco = monacoRef.current;
    if (monaco && schema) void applyWorkflowSchema(monaco, schema);
  }, [schema]);

  useEffect(() => {
    const monaco = monacoRef.current;
    const model = editorRef.current?.getModel();
    if (monaco && model) {
      monaco.editor.setModelMarkers(model, MARKER_OWNER, toMarkers(monaco, model, diagnostics));
    }
    setYamlChecks(!diagnostics.some((d) => d.code === 'too-deep'));
  }, [diagnostics]);

  // The next workflow opened starts with monaco-yaml's checks on.
  useEffect(() => () => setYamlChecks(true), []);

  const onMount: OnMount = (editor, monaco) => {
    editorRef.current = editor;
    monacoRef.current = monaco;
    if (schema) void applyWorkflowSchema(monaco, schema);
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => onSaveRef.current());
    const model = editor.getModel();
    if (model) {
      monaco.editor.setModelMarkers(model, MARKER_OWNER, toMarkers(monaco, model, diagnostics));
    }
    onReady({
      revealLines(start, end) {
        editor.revealLinesInCenter(start, end);
        const endModel = editor.getModel();
        const endColumn = endModel ? endModel.getLineMaxColumn(end) : 1;
        editor.setSelection(new monaco.Selection(start, 1, end, endColumn));
        editor.focus();
      },
      revealPosition(line, column) {
        editor.revealPositionInCenter({ lineNumber: line, column });
        editor.setPosition({ lineNumber: line, column });
        editor.focus();
      },
    });
  };

  return (
    <Editor
      path={path}
      language="yaml"
      value={value}
      theme={theme === 'dark' ? 'arcflow-dark' : 'arcflow-light'}
      onChange={(next) => onChange(next ?? '')}
      onMount={onMount}
      loading={<div className={styles.editorLoading}>Loading the editor…</div>}
      options={{
        readOnly,
        wordBasedSuggestions: 'off',
        minimap: { enabled: false },
        wordWrap: 'on',
        fontSize: 13,
        lineHeight: 20,
        tabSize: 2,
        insertSpaces: true,
        scrollBeyondLastLine: false,
        automaticLayout: true,
        renderWhitespace: 'boundary',
        quickSuggestions: { other: true, comments: false, strings: true },
        padding: { top: 12, bottom: 12 },
        fixedOverflowWidgets: true,
      }}
    />
  );
}
