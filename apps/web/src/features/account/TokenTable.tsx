'use client';

import type { TokenJson } from '@/lib/api-types';
import { timeAgo, toDate } from '@/lib/format';
import badgeCss from '@/ui/Badges.module.css';
import buttonCss from '@/ui/button.module.css';
import tableCss from '@/ui/table.module.css';
import textCss from '@/ui/text.module.css';
import { tokenHint, tokenState } from './token-state';

const STATE_TONE = { active: 'tone-succeeded', expired: 'tone-canceled', revoked: 'tone-failed' };

const day = (value: string | null) =>
  toDate(value)?.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' }) ??
  'never';

/** API tokens: name and prefix, whose (`showOwner`), state, dates; Revoke on active ones. */
export function TokenTable({
  tokens,
  showOwner,
  revoking,
  onRevoke,
}: {
  tokens: TokenJson[];
  showOwner: boolean;
  revoking: string | null;
  onRevoke: (token: TokenJson) => void;
}) {
  return (
    <div className={tableCss.scroll}>
      <table className={tableCss.table} data-testid="tokens-table">
        <thead>
          <tr>
            <th>Token</th>
            {showOwner ? <th>Owner</th> : null}
            <th>State</th>
            <th>Created</th>
            <th>Expires</th>
            <th>Last used</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => {
            const state = tokenState(token);
            return (
              <tr
                key={token.id}
                className={state === 'active' ? undefined : tableCss.inactive}
                data-testid={`token-${token.id}`}
              >
                <td>
                  {token.name ?? <span className={textCss.muted}>unnamed</span>}
                  <span className={`${tableCss.sub} ${textCss.mono}`}>{tokenHint(token)}</span>
                </td>
                {showOwner ? <td className={textCss.mono}>{token.username}</td> : null}
                <td>
                  <span className={`${badgeCss.badge} ${STATE_TONE[state]}`}>{state}</span>
                </td>
                <td className={tableCss.nowrap}>{timeAgo(token.createdAt)}</td>
                <td className={tableCss.nowrap}>{day(token.expiresAt)}</td>
                <td className={tableCss.nowrap}>
                  {token.lastUsedAt ? timeAgo(token.lastUsedAt) : 'never'}
                </td>
                <td className={tableCss.actions}>
                  {state === 'active' ? (
                    <button
                      type="button"
                      className={`${buttonCss.btn} ${buttonCss.btnSm} ${buttonCss.btnDanger}`}
                      disabled={revoking === token.id}
                      onClick={() => onRevoke(token)}
                    >
                      {revoking === token.id ? 'Revoking…' : 'Revoke'}
                    </button>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
