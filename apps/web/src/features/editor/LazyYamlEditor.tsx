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

/**
 * Starts loading Monaco (megabytes of script) at once, while the workflow's text is still on
 * its way: the editor shows the text when both are there, not one after the other. A failure
 * here is left to `LazyYamlEditor`, which loads the same modules and reports it.
 */
export function preloadYamlEditor(): void {
  setupMonaco()
    .then(() => import('./YamlEditor'))
    .catch(() => {});
}
