'use client';

import type { TokenJson } from '@/lib/api-types';
import { Dialog } from '@/ui/Dialog';
import textCss from '@/ui/text.module.css';
import { tokenHint } from './token-state';

/** Asks before revoking: whatever uses the token stops working at once, for good. */
export function RevokeTokenDialog({
  token,
  busy,
  error,
  onRevoke,
  onClose,
}: {
  token: TokenJson;
  busy: boolean;
  error: string | null;
  onRevoke: () => void;
  onClose: () => void;
}) {
  return (
    <Dialog
      title={`Revoke ${token.name ?? tokenHint(token)}?`}
      hint="Scripts and CI jobs using it are refused from now on. A revoked token cannot be restored."
      submitLabel="Revoke"
      busy={busy}
      error={error}
      onSubmit={onRevoke}
      onClose={onClose}
      testId="revoke-token-dialog"
    >
      <p className={textCss.muted} style={{ margin: 0 }}>
        <span className={textCss.mono}>{tokenHint(token)}</span> of {token.username}
      </p>
    </Dialog>
  );
}
