import type { PublicUser } from '@argus/shared';
import { useId, useRef, useState } from 'react';
import { ChevronDownIcon, KeyIcon, SignOutIcon } from '@/components/icons';
import { sessionStore } from '@/lib/session';
import styles from './account-menu.module.css';
import { ChangePasswordDialog } from './change-password-dialog';

/** The signed-in user in the header: a popover with "Change password" and "Sign out". */
export function AccountMenu({ user }: { user: PublicUser }) {
  const menuId = useId();
  const trigger = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const [changingPassword, setChangingPassword] = useState(false);

  const openChangePassword = () => {
    menu.current?.hidePopover();
    // The dialog gives focus back to whatever had it when it opened: the menu's button.
    trigger.current?.focus();
    setChangingPassword(true);
  };

  return (
    <>
      <button
        ref={trigger}
        type="button"
        className={styles.trigger}
        popoverTarget={menuId}
        title={`Signed in as ${user.username} (${user.role})`}
      >
        {/* The name comes from the content, "Account menu: <user> <role>" (WCAG 2.5.3: what is shown is part of the name). */}
        <span className="visually-hidden">Account menu:</span> <span className={styles.name}>{user.username}</span>{' '}
        <span className={styles.role}>{user.role}</span>
        <ChevronDownIcon />
      </button>
      <div ref={menu} id={menuId} popover="auto" className={styles.menu} data-testid="account-menu">
        <p className={styles.who}>
          Signed in as <strong>{user.username}</strong> ({user.role})
        </p>
        <button type="button" className={styles.item} onClick={openChangePassword}>
          <KeyIcon /> Change password
        </button>
        <button type="button" className={styles.item} onClick={() => sessionStore.end('signed_out')}>
          <SignOutIcon /> Sign out
        </button>
      </div>
      {changingPassword && <ChangePasswordDialog username={user.username} onClose={() => setChangingPassword(false)} />}
    </>
  );
}
