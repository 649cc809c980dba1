'use client';

import { useEffect, useRef, useState } from 'react';
import type { RetellRequest } from '@/lib/api-types';
import buttonCss from '@/ui/button.module.css';
import menuCss from '@/ui/menu.module.css';
import styles from './RetellMenu.module.css';

/**
 * The run head's "Rerun" menu: the whole run, or from a step picked in the preview. Both open
 * the resolution preview; a rerun is a new run, so this is offered on any run that ended.
 */
export function RetellMenu({
  runId,
  firstStep,
  blocked,
  onChoose,
}: {
  runId: string;
  /** The step "Rerun from…" starts with selected in the preview. */
  firstStep: string | undefined;
  blocked: string | null;
  onChoose: (request: RetellRequest) => void;
}) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    const onPointer = (e: PointerEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', onPointer, true);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onPointer, true);
    };
  }, [open]);

  const choose = (request: RetellRequest) => {
    setOpen(false);
    onChoose(request);
  };

  return (
    <div ref={box} className={styles.anchor}>
      <button
        type="button"
        className={buttonCss.btn}
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={blocked !== null}
        title={blocked ?? 'Rerun this run into a new one, whole or from a step'}
        data-testid="rerun-menu"
        onClick={() => setOpen((o) => !o)}
      >
        Rerun ▾
      </button>
      {open ? (
        <div className={`${menuCss.menu} ${styles.dropdown}`} role="menu" aria-label="Rerun">
          <button
            type="button"
            role="menuitem"
            className={menuCss.item}
            onClick={() => choose({ kind: 'rerun', runId, latest: false })}
          >
            Rerun the whole run
          </button>
          <button
            type="button"
            role="menuitem"
            className={menuCss.item}
            disabled={firstStep === undefined}
            onClick={() =>
              firstStep !== undefined &&
              choose({ kind: 'rerun', runId, from: firstStep, latest: false })
            }
          >
            Rerun from…
          </button>
        </div>
      ) : null}
    </div>
  );
}
