'use client';

import { DiffEditor, type DiffOnMount } from '@monaco-editor/react';
import type * as Monaco from 'monaco-editor';
import { useLayoutEffect, useRef } from 'react';
import { useEffectiveTheme } from '@/shell/useEffectiveTheme';
import styles from './editor.module.css';

/**
 * Monaco's side-by-side diff of two YAML texts, read-only; must be loaded client-side only
 * (see `LazyYamlDiff`).
 *
 * @monaco-editor/react 4.7 disposes the two models before the diff widget that still holds
 * them, which Monaco 0.52 reports as an uncaught "TextModel got disposed before
 * DiffEditorWidget model got reset". So the models are kept (`keepCurrent*Model`) and
 * released here, in a layout-effect cleanup that runs before the library's own: detach them
 * from the widget, then dispose them.
 */
export default function YamlDiff({ original, modified }: { original: string; modified: string }) {
  const theme = useEffectiveTheme();
  const editorRef = useRef<Monaco.editor.IStandaloneDiffEditor | null>(null);

  useLayoutEffect(
    () => () => {
      const editor = editorRef.current;
      const models = editor?.getModel();
      editor?.setModel(null);
      models?.original.dispose();
      models?.modified.dispose();
    },
    [],
  );

  const onMount: DiffOnMount = (editor) => {
    editorRef.current = editor;
  };

  return (
    <DiffEditor
      original={original}
      modified={modified}
      language="yaml"
      theme={theme === 'dark' ? 'arcflow-dark' : 'arcflow-light'}
      keepCurrentOriginalModel
      keepCurrentModifiedModel
      onMount={onMount}
      loading={<div className={styles.editorLoading}>Loading the diff…</div>}
      options={{
        readOnly: true,
        originalEditable: false,
        renderSideBySide: true,
        useInlineViewWhenSpaceIsLimited: false,
        minimap: { enabled: false },
        wordWrap: 'on',
        fontSize: 13,
        lineHeight: 20,
        scrollBeyondLastLine: false,
        automaticLayout: true,
        renderOverviewRuler: false,
        padding: { top: 12, bottom: 12 },
      }}
    />
  );
}
