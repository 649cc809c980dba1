'use client';

import { useState } from 'react';
import buttonCss from '@/ui/button.module.css';
import styles from './account.module.css';

/** A token just created: shown this once, with a copy button and a warning. */
export function NewTokenBanner({ token, onDismiss }: { token: string; onDismiss: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(token);
      setCopied('yes');
    } catch {
      // Clipboard access needs https or localhost; the token can still be selected by hand.
      setCopied('failed');
    }
  }

  return (
    <section className={styles.banner} role="status" data-testid="new-token">
      <strong>Copy your new token now — it is not shown again.</strong>
      <div className={styles.tokenRow}>
        <code className={styles.token} data-testid="new-token-value">
          {token}
        </code>
        <button
          type="button"
          className={`${buttonCss.btn} ${buttonCss.btnPrimary} ${buttonCss.btnSm}`}
          onClick={() => void copy()}
        >
          {copied === 'yes' ? 'Copied' : 'Copy'}
        </button>
      </div>
      <p className={styles.bannerNote}>
        {copied === 'failed'
          ? 'The browser did not allow copying: select the token and copy it by hand. '
          : ''}
        Send it as <code>Authorization: Bearer …</code>. It acts as you, with your role; treat it
        like a password.
      </p>
      <div>
        <button type="button" className={`${buttonCss.btn} ${buttonCss.btnSm}`} onClick={onDismiss}>
          I have copied it
        </button>
      </div>
    </section>
  );
}
