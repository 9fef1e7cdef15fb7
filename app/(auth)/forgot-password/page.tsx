import type { Metadata } from "next";
import { authStrings } from "@/components/auth/strings";
import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata: Metadata = { title: authStrings.forgot.metaTitle };

export default function ForgotPasswordPage() {
  return <ForgotPasswordForm />;
}
