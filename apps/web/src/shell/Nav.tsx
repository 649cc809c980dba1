'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { AccountMenu } from '@/features/auth/AccountMenu';
import { useMe } from '@/features/auth/useMe';
import { can } from '@/lib/roles';
import { useRunner } from '@/lib/runner-context';
import shellCss from '@/shell/shell.module.css';
import textCss from '@/ui/text.module.css';
import { ThemeToggle } from './ThemeToggle';
import { Wordmark } from './Wordmark';

const LINKS = [
  { href: '/', label: 'Workflows', match: (p: string) => p === '/' || p.startsWith('/workflows') },
  { href: '/runs', label: 'Runs', match: (p: string) => p.startsWith('/runs') },
  { href: '/dashboard', label: 'Dashboard', match: (p: string) => p.startsWith('/dashboard') },
  { href: '/deliveries', label: 'Deliveries', match: (p: string) => p.startsWith('/deliveries') },
  { href: '/runners', label: 'Runners', match: (p: string) => p.startsWith('/runners') },
  { href: '/admin/users', label: 'Admin', match: (p: string) => p.startsWith('/admin') },
] as const;

const ICONS: Record<(typeof LINKS)[number]['label'], string> = {
  Workflows: 'M4 6h16M4 12h10M4 18h6',
  Runs: 'M5 4l14 8-14 8z',
  Dashboard: 'M4 20V10M10 20V4M16 20v-7M22 20H2',
  Deliveries:
    'M22 12h-6l-2 3h-4l-2-3H2M5.5 5.1L2 12v6a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2v-6l-3.5-6.9A2 2 0 0 0 16.8 4H7.2a2 2 0 0 0-1.7 1.1z',
  Runners: 'M4 4h16v6H4zM4 14h16v6H4zM8 7h.01M8 17h.01',
  Admin: 'M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6z',
};

export function Nav() {
  const pathname = usePathname() ?? '/';
  const runner = useRunner();
  const { role } = useMe();
  // The runner refuses the admin pages to anyone else; the link is hidden, not the guard.
  const links = LINKS.filter((link) => link.label !== 'Admin' || can(role, 'administer'));
  return (
    <nav className={shellCss.nav} aria-label="Main">
      <Link href="/" className={shellCss.wordmark} aria-label="Arcflow home">
        <Wordmark />
      </Link>
      {links.map((link) => (
        <Link
          key={link.href}
          href={link.href}
          className={shellCss.navLink}
          aria-current={link.match(pathname) ? 'page' : undefined}
        >
          <svg
            width="16"
            height="16"
            viewBox="0 0 24 24"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            strokeLinecap="round"
            strokeLinejoin="round"
            aria-hidden="true"
          >
            <path d={ICONS[link.label]} />
          </svg>
          {link.label}
        </Link>
      ))}
      <div className={shellCss.navFoot}>
        <AccountMenu />
        <ThemeToggle />
        <span className={textCss.mono} title="The runner this app talks to (ARCFLOW_API_URL)">
          runner {runner.apiUrl.replace(/^https?:\/\//, '')}
        </span>
      </div>
    </nav>
  );
}
