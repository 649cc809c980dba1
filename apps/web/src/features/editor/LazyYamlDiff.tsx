'use client';

import dynamic from 'next/dynamic';
import styles from './editor.module.css';
import { setupMonaco } from './monaco-setup';

/** Monaco's diff editor, loaded only in the browser from the local monaco-editor package. */
export const LazyYamlDiff = dynamic(
  async () => {
    await setupMonaco();
    return import('./YamlDiff');
  },
  { ssr: false, loading: () => <div className={styles.editorLoading}>Loading the diff…</div> },
);
