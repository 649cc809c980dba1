'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { humanBytes } from '@/lib/byte-size';
import { errorMessage } from '@/lib/errors';
import { useRunner } from '@/lib/runner-context';
import { useTRPC } from '@/lib/trpc';
import buttonCss from '@/ui/button.module.css';
import layoutCss from '@/ui/layout.module.css';
import panelCss from '@/ui/panel.module.css';
import tableCss from '@/ui/table.module.css';
import textCss from '@/ui/text.module.css';
import styles from './Artifacts.module.css';

/** While the run is active new artifacts may appear: ask again this often. */
const ACTIVE_REFRESH_MS = 5_000;

/**
 * The files the run's steps kept (`artifacts:`): step, path, size and a download link to the
 * runner (`GET /api/runs/<run>/artifacts/<id>`; the session cookie goes with it).
 */
export function Artifacts({ runId, active }: { runId: string; active: boolean }) {
  const trpc = useTRPC();
  const { apiUrl } = useRunner();
  const artifacts = useQuery({
    ...trpc.runs.artifacts.queryOptions({ runId }),
    refetchInterval: active ? ACTIVE_REFRESH_MS : false,
  });
  const { refetch } = artifacts;
  // The last step's files are kept just before the run ends: read them once more then.
  useEffect(() => {
    if (!active) void refetch();
  }, [active, refetch]);

  const list = artifacts.data ?? [];
  if (artifacts.isPending || (list.length === 0 && !artifacts.error)) return null;
  return (
    <section className={`${layoutCss.card} ${panelCss.panel}`} data-testid="artifacts">
      <h2 className={panelCss.title}>Artifacts</h2>
      {artifacts.error ? (
        <p className={`${textCss.muted} ${styles.empty}`} role="alert">
          The artifacts could not be read: {errorMessage(artifacts.error)}
        </p>
      ) : (
        <div className={tableCss.scroll}>
          <table className={tableCss.table}>
            <thead>
              <tr>
                <th>Step</th>
                <th>Path</th>
                <th className={styles.size}>Size</th>
                <th aria-label="Download" />
              </tr>
            </thead>
            <tbody>
              {list.map((artifact) => (
                <tr key={artifact.id}>
                  <td className={textCss.mono}>
                    {artifact.stepId}
                    {artifact.attempt > 1 ? (
                      <span className={textCss.muted}> · attempt {artifact.attempt}</span>
                    ) : null}
                  </td>
                  <td className={`${textCss.mono} ${styles.path}`}>{artifact.path}</td>
                  <td className={styles.size} title={`${artifact.size} bytes`}>
                    {humanBytes(artifact.size)}
                  </td>
                  <td>
                    <a
                      href={`${apiUrl}${artifact.downloadPath}`}
                      download
                      className={`${buttonCss.btn} ${buttonCss.btnSm}`}
                      aria-label={`Download ${artifact.path}`}
                    >
                      Download
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
