'use client';

import dynamic from 'next/dynamic';
import styles from './editor.module.css';
import { setupMonaco } from './monaco-setup';

/** Monaco only ever loads in the browser, from the local monaco-editor package. */
export const LazyYamlEditor = dynamic(
  async () => {
    await setupMonaco();
    return import('./YamlEditor');
  },
  { ssr: false, loading: () => <div className={styles.editorLoading}>Loading the editor…</div> },
);
