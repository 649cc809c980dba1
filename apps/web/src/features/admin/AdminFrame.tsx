'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { useMe } from '@/features/auth/useMe';
import { can } from '@/lib/roles';
import layoutCss from '@/ui/layout.module.css';
import { EmptyState, LoadingState } from '@/ui/States';
import styles from './admin.module.css';

const TABS = [
  { href: '/admin/users', label: 'Users' },
  { href: '/admin/tokens', label: 'Tokens' },
  { href: '/admin/audit', label: 'Audit' },
  { href: '/admin/secrets', label: 'Secrets' },
] as const;

/**
 * The admin pages' frame: the heading and a tab per page. Only admins see the pages; the
 * runner refuses their procedures to anyone else regardless.
 */
export function AdminFrame({ children }: { children: ReactNode }) {
  const { role, query } = useMe();
  const pathname = usePathname() ?? '';
  if (query.isPending) return <LoadingState />;
  if (!can(role, 'administer')) {
    return (
      <div className={layoutCss.page}>
        <div className={layoutCss.card}>
          <EmptyState title="Admins only">
            These pages manage people, tokens, the audit trail and secrets.
            {role ? ` You are signed in as ${role}.` : ''}
          </EmptyState>
        </div>
      </div>
    );
  }
  return (
    <div className={layoutCss.page}>
      <div className={layoutCss.pageHead}>
        <div>
          <h1>Admin</h1>
          <p>Who may do what on this runner, what they did, and the secrets workflows use.</p>
        </div>
      </div>
      <nav className={styles.tabs} aria-label="Admin">
        {TABS.map((tab) => (
          <Link
            key={tab.href}
            href={tab.href}
            className={styles.tab}
            aria-current={pathname.startsWith(tab.href) ? 'page' : undefined}
          >
            {tab.label}
          </Link>
        ))}
      </nav>
      {children}
    </div>
  );
}
