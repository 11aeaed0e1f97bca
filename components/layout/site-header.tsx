import Link from "next/link";
import { SignOutButton } from "@/components/auth/sign-out-button";

type Props = { user: { name: string } | null; unreadNotifications: number };

export function SiteHeader({ user, unreadNotifications }: Props) {
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link className="site-header__brand" href="/">
          Marginalia
        </Link>
        <nav aria-label="Main">
          <ul className="site-header__nav">
            <li>
              <Link href="/">Library</Link>
            </li>
            {user ? (
              <>
                <li className="site-header__user">
                  <span className="visually-hidden">Signed in as </span>
                  {user.name}
                </li>
                <li>
                  <Link href="/groups">Groups</Link>
                </li>
                <li>
                  <Link href="/notes">My notes</Link>
                </li>
                <li>
                  <Link
                    href="/notifications"
                    aria-label={unreadNotifications > 0 ? `Notifications, ${unreadNotifications} unread` : undefined}
                  >
                    Notifications{unreadNotifications > 0 && ` (${unreadNotifications})`}
                  </Link>
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
