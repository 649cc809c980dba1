'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { UserJson } from '@/lib/api-types';
import { errorMessage } from '@/lib/errors';
import { timeAgo } from '@/lib/format';
import { ROLES, type Role } from '@/lib/roles';
import { useTRPC } from '@/lib/trpc';
import badgeCss from '@/ui/Badges.module.css';
import buttonCss from '@/ui/button.module.css';
import { Dialog } from '@/ui/Dialog';
import formCss from '@/ui/form.module.css';
import layoutCss from '@/ui/layout.module.css';
import { EmptyState, ErrorState, LoadingState } from '@/ui/States';
import tableCss from '@/ui/table.module.css';
import textCss from '@/ui/text.module.css';
import styles from './admin.module.css';

/** Everyone who may sign in: change a role, disable or enable someone. */
export function UsersScreen() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery(trpc.users.list.queryOptions());
  const [error, setError] = useState<string | null>(null);
  const [disabling, setDisabling] = useState<UserJson | null>(null);
  const done = {
    onSuccess: () => {
      void queryClient.invalidateQueries(trpc.users.list.pathFilter());
      setError(null);
      setDisabling(null);
    },
    onError: (e: unknown) => setError(errorMessage(e)),
  };
  const setRole = useMutation(trpc.users.setRole.mutationOptions(done));
  const disable = useMutation(trpc.users.disable.mutationOptions(done));
  const enable = useMutation(trpc.users.enable.mutationOptions(done));

  return (
    <>
      <div className={styles.bar}>
        <p>
          People who may sign in to this runner, and their roles: a viewer reads, an operator also
          runs, an approver also decides ceremony steps, an admin also edits workflows and manages
          everything here.
        </p>
      </div>
      {error && !disabling ? (
        <p className={`${formCss.formError} ${styles.error}`} role="alert">
          {error}
        </p>
      ) : null}
      <div className={layoutCss.card}>
        {users.isPending ? (
          <LoadingState label="Loading the users…" />
        ) : users.isError ? (
          <ErrorState
            title="Could not load the users"
            error={users.error}
            onRetry={() => void users.refetch()}
          />
        ) : users.data.length === 0 ? (
          <EmptyState title="Nobody yet">Add the first person on the server (below).</EmptyState>
        ) : (
          <div className={tableCss.scroll}>
            <table className={tableCss.table} data-testid="users-table">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Username</th>
                  <th>Role</th>
                  <th>Status</th>
                  <th>Added</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {users.data.map((user) => (
                  <tr
                    key={user.id}
                    className={user.disabled ? tableCss.inactive : undefined}
                    data-testid={`user-${user.username}`}
                  >
                    <td>
                      {user.name}
                      {user.email ? <span className={tableCss.sub}>{user.email}</span> : null}
                    </td>
                    <td className={textCss.mono}>{user.username}</td>
                    <td>
                      <select
                        className={`${formCss.input} ${styles.roleSelect}`}
                        value={user.role}
                        aria-label={`Role of ${user.username}`}
                        disabled={setRole.isPending}
                        onChange={(e) =>
                          setRole.mutate({ userId: user.id, role: e.target.value as Role })
                        }
                      >
                        {ROLES.map((role) => (
                          <option key={role} value={role}>
                            {role}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      {user.disabled ? (
                        <span className={`${badgeCss.badge} tone-failed`}>disabled</span>
                      ) : (
                        <span className={`${badgeCss.badge} tone-succeeded`}>active</span>
                      )}
                    </td>
                    <td className={`${tableCss.nowrap} ${textCss.muted}`}>
                      {timeAgo(user.createdAt)}
                    </td>
                    <td className={tableCss.actions}>
                      {user.disabled ? (
                        <button
                          type="button"
                          className={`${buttonCss.btn} ${buttonCss.btnSm}`}
                          disabled={enable.isPending}
                          onClick={() => enable.mutate({ userId: user.id })}
                        >
                          Enable
                        </button>
                      ) : (
                        <button
                          type="button"
                          className={`${buttonCss.btn} ${buttonCss.btnSm} ${buttonCss.btnDanger}`}
                          onClick={() => {
                            setError(null);
                            setDisabling(user);
                          }}
                        >
                          Disable
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      <p className={styles.note}>
        People are added on the server, with the CLI:{' '}
        <code>arcflow user add alice --role operator --email alice@example.com</code>. It prints a
        one-time sign-in link to send them; they set nothing else. Sign-in with an identity provider
        matches an existing user by their verified email.
      </p>
      {disabling ? (
        <Dialog
          title={`Disable ${disabling.username}?`}
          hint="They are signed out everywhere and their API tokens stop working. Enable them again at any time."
          submitLabel="Disable"
          busy={disable.isPending}
          error={error}
          onClose={() => {
            setDisabling(null);
            setError(null);
          }}
          onSubmit={() => disable.mutate({ userId: disabling.id })}
          testId="disable-user-dialog"
        >
          <p className={textCss.muted} style={{ margin: 0 }}>
            {disabling.name} ({disabling.role}) keeps their history: runs, decisions and the audit
            trail still name them.
          </p>
        </Dialog>
      ) : null}
    </>
  );
}
