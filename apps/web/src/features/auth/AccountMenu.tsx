'use client';

import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { useRunner } from '@/lib/runner-context';
import menuCss from '@/ui/menu.module.css';
import styles from './AccountMenu.module.css';
import { SIGN_IN_PATH } from './redirect';
import { signOut } from './sign-in-client';
import { useMe } from './useMe';

/**
 * Who is signed in, at the foot of the navigation: name and role, and a menu with their
 * tokens and signing out (here, or on every device). In local mode: the local person.
 */
export function AccountMenu() {
  const { me } = useMe();
  const runner = useRunner();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
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

  const actor = me?.actor;
  if (!me || !actor) return null;

  if (me.mode === 'local') {
    return (
      <div
        className={styles.who}
        data-testid="account"
        title="Local mode: the runner acts as you, an admin"
      >
        <Avatar name={actor.name} />
        <span className={styles.text}>
          <span className={styles.name}>{actor.name}</span>
          <span className={styles.role}>local</span>
        </span>
      </div>
    );
  }

  async function leave(everywhere: boolean) {
    setError(null);
    const result = await signOut(runner.apiUrl, everywhere);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    window.location.assign(SIGN_IN_PATH);
  }

  return (
    <div ref={box} className={styles.anchor}>
      <button
        type="button"
        className={`${styles.who} ${styles.button}`}
        aria-haspopup="menu"
        aria-expanded={open}
        data-testid="account"
        onClick={() => setOpen((o) => !o)}
      >
        <Avatar name={actor.name} />
        <span className={styles.text}>
          <span className={styles.name}>{actor.name}</span>
          <span className={styles.role} data-testid="account-role">
            {actor.role}
            {actor.kind === 'token' ? ' · token' : ''}
          </span>
        </span>
        <span aria-hidden="true" className={styles.caret}>
          ▴
        </span>
      </button>
      {open ? (
        <div className={`${menuCss.menu} ${styles.up}`} role="menu" aria-label="Account">
          {actor.username ? (
            <p className={menuCss.note}>
              Signed in as <strong>{actor.username}</strong>
            </p>
          ) : null}
          <Link
            href="/account/tokens"
            role="menuitem"
            className={menuCss.item}
            onClick={() => setOpen(false)}
          >
            Your tokens
          </Link>
          <div className={menuCss.separator} />
          <button
            type="button"
            role="menuitem"
            className={menuCss.item}
            onClick={() => void leave(false)}
          >
            Sign out
          </button>
          <button
            type="button"
            role="menuitem"
            className={menuCss.item}
            title="Ends your sessions in every browser"
            onClick={() => void leave(true)}
          >
            Sign out everywhere
          </button>
          {error ? (
            <p className={`${menuCss.note} ${styles.error}`} role="alert">
              {error}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

function Avatar({ name }: { name: string }) {
  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join('');
  return (
    <span className={styles.avatar} aria-hidden="true">
      {initials || '?'}
    </span>
  );
}
