import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Account closed" };

export default function AccountClosedPage() {
  return (
    <div className="form-page">
      <h1>Your account is closed</h1>
      <p className="notice notice--success" role="status">
        Your notes, replies and readings are deleted, and every device is signed out. Thank you for reading with us.
      </p>
      <p>
        <Link href="/">Back to the library</Link>
      </p>
    </div>
  );
}
