import Link from "next/link";

// Answered with HTTP 403 wherever a page calls forbidden(): signed in, but without the role.
export default function Forbidden() {
  return (
    <div className="not-found">
      <h1>Not allowed</h1>
      <p>You are signed in, but this page is for a group&apos;s owner and instructors.</p>
      <p>
        <Link href="/groups">Back to your groups</Link>
      </p>
    </div>
  );
}
