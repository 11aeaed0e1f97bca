import type { Metadata } from "next";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";
import { requestPasswordResetAction } from "@/server/auth/password-reset-actions";

export const metadata: Metadata = { title: "Forgot your password?" };

export default function ForgotPasswordPage() {
  return (
    <div className="form-page">
      <h1>Forgot your password?</h1>
      <p className="form-page__lede">Type the address you signed up with: we mail it a link to choose a new password.</p>
      <ForgotPasswordForm request={requestPasswordResetAction} />
    </div>
  );
}
