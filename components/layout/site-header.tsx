import Link from "next/link";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { SyncStatus } from "@/components/offline/sync-status";
import { NotificationsLink } from "./notifications-link";
import { SiteMenuButton } from "./site-menu-button";

type Props = { user: { name: string } | null; unreadNotifications: number };

const MENU_ID = "site-menu";

/**
 * The site header. Wide screens show every link in a row; phones (app/phone.css) show the brand,
 * who is signed in and a Menu button whose list is a popover (see SiteMenuButton).
 */
export function SiteHeader({ user, unreadNotifications }: Props) {
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link className="site-header__brand" href="/">
          Marginalia
        </Link>
        <nav aria-label="Main" className="site-header__bar">
          {user && (
            <span className="site-header__user">
              <span className="visually-hidden">Signed in as </span>
              {user.name}
            </span>
          )}
          {user && <SyncStatus />}
          <SiteMenuButton menuId={MENU_ID} />
          <ul className="site-header__nav" id={MENU_ID} popover="auto">
            <li>
              <Link href="/">Library</Link>
            </li>
            {user ? (
              <>
                <li>
                  <Link href="/groups">Groups</Link>
                </li>
                <li>
                  <Link href="/notes">My notes</Link>
                </li>
                <li>
                  <NotificationsLink unread={unreadNotifications} />
                </li>
                <li>
                  <Link href="/settings">Settings</Link>
                </li>
                <li>
                  <Link href="/account">Account</Link>
                </li>
                <li>
                  <SignOutButton />
                </li>
              </>
            ) : (
              <>
                <li>
                  <Link href="/signin">Sign in</Link>
                </li>
                <li>
                  <Link href="/signup">Sign up</Link>
                </li>
              </>
            )}
          </ul>
        </nav>
      </div>
    </header>
  );
}
