import type { Metadata } from 'next';
import localFont from 'next/font/local';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { runnerEndpointsFromEnv } from '@/lib/env';
import { AppShell } from '@/shell/AppShell';
import { THEME_SCRIPT } from '@/shell/theme';
import { Providers } from './providers';
import '@/styles/tokens.css';
import '@/styles/base.css';

const inter = localFont({
  src: '../../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2',
  variable: '--font-inter',
  weight: '100 900',
  display: 'swap',
});

// Rendered per request, so ARCFLOW_API_URL is read when the app runs, not when it is built.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: { default: 'Arcflow', template: '%s · Arcflow' },
  description: 'Software-development workflows as narrative arcs.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The page's own host picks the runner's host name, so the session cookie is same-site.
  const runner = runnerEndpointsFromEnv((await headers()).get('host'));
  return (
    <html lang="en" className={inter.variable} suppressHydrationWarning>
      <head>
        {/* Applies the stored theme before the first paint, so there is no flash. */}
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: a constant script of ours */}
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body>
        <Providers runner={runner}>
          <AppShell>{children}</AppShell>
        </Providers>
      </body>
    </html>
  );
}
