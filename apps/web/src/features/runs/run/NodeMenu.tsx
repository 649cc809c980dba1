'use client';

import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { RetellRequest } from '@/lib/api-types';
import menuCss from '@/ui/menu.module.css';
import textCss from '@/ui/text.module.css';
import { type FanRole, stepActions } from './retell';

/**
 * A step's menu, opened from its DAG node (click or right-click) at the pointer: retry it,
 * retry it with what follows, rerun from it into a new run, rerun only it. Each choice goes
 * through the resolution preview; "Show its log" brings the log into view. Escape or a click
 * elsewhere closes it.
 */
export function NodeMenu({
  runId,
  stepId,
  fan = null,
  x,
  y,
  blocked,
  onChoose,
  onShowLog,
  onClose,
}: {
  runId: string;
  stepId: string;
  /** The step's part in a fan-out: an instance or the fanned-out step get their own retries. */
  fan?: FanRole;
  x: number;
  y: number;
  /** Why nothing can be re-told now (the run is still going), or null. */
  blocked: string | null;
  onChoose: (request: RetellRequest) => void;
  /** Shows the step's log (the node's click only selects it, the menu being in the way). */
  onShowLog: () => void;
  onClose: () => void;
}) {
  const menu = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState(() => ({
    left: x + (typeof window === 'undefined' ? 0 : window.scrollX),
    top: y + (typeof window === 'undefined' ? 0 : window.scrollY),
  }));

  // Keep the whole menu inside the window.
  useLayoutEffect(() => {
    const el = menu.current;
    if (!el) return;
    const { width, height } = el.getBoundingClientRect();
    // In page coordinates: the menu stays by its step when the page scrolls (the run page
    // scrolls itself, e.g. to a tension point), instead of floating away or closing.
    setPlace({
      left: window.scrollX + Math.max(8, Math.min(x, window.innerWidth - width - 8)),
      top: window.scrollY + Math.max(8, Math.min(y, window.innerHeight - height - 8)),
    });
    // Without preventScroll, focusing before the menu is moved into the window scrolls the page.
    el.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus({ preventScroll: true });
  }, [x, y]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    const onPointer = (e: PointerEvent) => {
      if (!menu.current?.contains(e.target as Node)) onClose();
    };
    window.addEventListener('keydown', onKey);
    // Capture: React Flow stops the pointer events of its pane from bubbling.
    window.addEventListener('pointerdown', onPointer, true);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onPointer, true);
    };
  }, [onClose]);

  const move = (e: React.KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const items = [...(menu.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    const next = items[(at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length];
    next?.focus();
  };

  // On the body, so that its page coordinates are not those of some positioned ancestor.
  return createPortal(
    <div
      ref={menu}
      className={menuCss.menu}
      style={{ left: place.left, top: place.top }}
      role="menu"
      aria-label={`Re-tell ${stepId}`}
      data-testid="node-menu"
      tabIndex={-1}
      onKeyDown={move}
    >
      <div className={menuCss.head}>
        <span className={`${textCss.mono} ${menuCss.step}`}>{stepId}</span>
      </div>
      {stepActions(runId, stepId, fan).map((action) => (
        <button
          key={action.id}
          type="button"
          role="menuitem"
          className={menuCss.item}
          disabled={blocked !== null}
          title={blocked ?? undefined}
          onClick={() => onChoose(action.request)}
        >
          {action.label}
        </button>
      ))}
      {blocked ? <p className={menuCss.note}>{blocked}</p> : null}
      <div className={menuCss.separator} />
      <button type="button" role="menuitem" className={menuCss.item} onClick={onShowLog}>
        Show its log
      </button>
    </div>,
    document.body,
  );
}
