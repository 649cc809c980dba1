'use client';

import Link from 'next/link';
import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import type { SignInProvider } from '@/lib/api-types';
import { errorMessage } from '@/lib/errors';
import { useRunner } from '@/lib/runner-context';
import { Wordmark } from '@/shell/Wordmark';
import buttonCss from '@/ui/button.module.css';
import formCss from '@/ui/form.module.css';
import { LoadingState } from '@/ui/States';
import { safeNext, signInHref } from './redirect';
import styles from './SignInScreen.module.css';
import { providerErrorMessage, signInWithPassword, signInWithProvider } from './sign-in-client';
import { useMe } from './useMe';

/**
 * The team-mode sign-in: username and password, and one button per identity provider the
 * runner is configured with. Afterwards the visitor is back on the page they came from.
 */
export function SignInScreen({
  next: rawNext,
  providerError = null,
}: {
  next: string | null;
  /** `?error=` as an identity provider's sign-in came back. */
  providerError?: string | null;
}) {
  const next = safeNext(rawNext);
  const { me, query } = useMe();
  const runner = useRunner();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(
    providerError ? providerErrorMessage(providerError) : null,
  );
  const signedIn = me?.mode === 'team' && me.actor !== null;

  useEffect(() => {
    if (signedIn) window.location.replace(next);
  }, [signedIn, next]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy('password');
    setError(null);
    const result = await signInWithPassword(
      runner.apiUrl,
      String(form.get('username') ?? '').trim(),
      String(form.get('password') ?? ''),
    );
    if (result.ok) {
      // A full load: every query starts again as the signed-in person.
      window.location.assign(next);
      return;
    }
    setBusy(null);
    setError(result.message);
  }

  async function withProvider(provider: SignInProvider) {
    setBusy(provider.id);
    setError(null);
    const back = new URL(signInHref(next), window.location.origin);
    const result = await signInWithProvider(
      runner.apiUrl,
      provider,
      new URL(next, window.location.origin).toString(),
      back.toString(),
    );
    if (result.ok && result.url) {
      window.location.assign(result.url);
      return;
    }
    setBusy(null);
    setError(result.ok ? `${provider.name} gave no address to go to.` : result.message);
  }

  let body: ReactNode;
  if (query.isPending || signedIn) {
    body = <LoadingState label={signedIn ? 'Signed in — taking you back…' : 'Loading…'} />;
  } else if (me?.mode === 'local') {
    body = (
      <div className={styles.local}>
        <p>
          This runner is in local mode: nobody signs in, and everything happens as{' '}
          <strong>{me.actor?.name ?? 'you'}</strong>.
        </p>
        <Link href={next} className={`${buttonCss.btn} ${buttonCss.btnPrimary}`}>
          Continue
        </Link>
      </div>
    );
  } else {
    // Without an answer from the runner the form still shows, under the reason.
    const providers = me?.signIn?.providers ?? [];
    const password = me?.signIn?.password ?? true;
    const shownError = error ?? (query.isError ? errorMessage(query.error) : null);
    body = (
      <>
        {password ? (
          <form className={styles.form} onSubmit={submit} data-testid="sign-in-form">
            <div className={formCss.field}>
              <label htmlFor="sign-in-username">Username</label>
              <input
                id="sign-in-username"
                name="username"
                className={formCss.input}
                autoComplete="username"
                autoCapitalize="none"
                spellCheck={false}
                required
                // biome-ignore lint/a11y/noAutofocus: signing in is the one thing to do on this page
                autoFocus
              />
            </div>
            <div className={formCss.field}>
              <label htmlFor="sign-in-password">Password</label>
              <input
                id="sign-in-password"
                name="password"
                type="password"
                className={formCss.input}
                autoComplete="current-password"
                required
              />
            </div>
            <button
              type="submit"
              className={`${buttonCss.btn} ${buttonCss.btnPrimary} ${styles.wide}`}
              disabled={busy !== null}
              data-testid="sign-in-submit"
            >
              {busy === 'password' ? 'Signing in…' : 'Sign in'}
            </button>
          </form>
        ) : null}
        {password && providers.length > 0 ? (
          <div className={styles.or}>
            <span>or</span>
          </div>
        ) : null}
        {providers.length > 0 ? (
          <div className={styles.providers}>
            {providers.map((provider) => (
              <button
                key={provider.id}
                type="button"
                className={`${buttonCss.btn} ${styles.wide}`}
                disabled={busy !== null}
                data-testid={`sign-in-${provider.id}`}
                onClick={() => void withProvider(provider)}
              >
                {busy === provider.id ? 'Opening…' : `Continue with ${provider.name}`}
              </button>
            ))}
          </div>
        ) : null}
        {!password && providers.length === 0 ? (
          <p className={styles.note}>
            This runner offers no way to sign in. An admin can add you with{' '}
            <code>arcflow user add</code>.
          </p>
        ) : null}
        {shownError ? (
          <p className={formCss.formError} role="alert" data-testid="sign-in-error">
            {shownError}
          </p>
        ) : null}
      </>
    );
  }

  return (
    <div className={styles.page}>
      <div className={styles.card}>
        <div className={styles.brand}>
          <Wordmark />
        </div>
        <h1 className={styles.title}>Sign in</h1>
        <p className={styles.subtitle}>
          to the runner at{' '}
          <span className={styles.mono}>{runner.apiUrl.replace(/^https?:\/\//, '')}</span>
        </p>
        {body}
      </div>
      <p className={styles.foot}>
        No account? An admin adds people with <code>arcflow user add</code> on the runner.
      </p>
    </div>
  );
}
