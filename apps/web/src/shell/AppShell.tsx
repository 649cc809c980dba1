'use client';

import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { AuthGate } from '@/features/auth/AuthGate';
import { SIGN_IN_PATH } from '@/features/auth/redirect';
import { Nav } from './Nav';
import shellCss from './shell.module.css';

/** The navigation beside every page, except the sign-in page, which stands alone. */
export function AppShell({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  if (pathname === SIGN_IN_PATH) return <main className={shellCss.bare}>{children}</main>;
  return (
    <div className={shellCss.shell}>
      <Nav />
      <main className={shellCss.main}>
        <AuthGate>{children}</AuthGate>
      </main>
    </div>
  );
}
