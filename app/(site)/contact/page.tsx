import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { ContactForm } from "@/components/support/contact-forms";
import { listDepartments } from "@/lib/support/queries";

export const metadata: Metadata = {
  title: "Contact us",
  description: "Questions before you buy, billing or technical help: write to Skyport support and we answer by email.",
};

export default async function ContactPage() {
  // Departments are edited in the back office: read them per request.
  await connection();
  const departments = await listDepartments();
  return (
    <div className="mx-auto grid max-w-3xl gap-8 px-4 py-14 sm:px-6 sm:py-20">
      <header>
        <p className="text-sm font-semibold tracking-wide text-brand uppercase">Support</p>
        <h1 className="mt-3 text-4xl font-semibold tracking-tight text-fg">Contact us</h1>
        <p className="mt-4 text-lg text-muted">
          We answer by email. Already a customer?{" "}
          <Link href="/portal/tickets/new" className="text-brand underline">
            Open a ticket in your portal
          </Link>{" "}
          to link it to your service or device. Is something down? See the{" "}
          <Link href="/status" className="text-brand underline">
            status page
          </Link>
          .
        </p>
      </header>
      <div className="relative rounded-xl border border-border p-5 sm:p-6">
        <ContactForm departments={departments.map((d) => ({ value: d.id, label: d.name }))} />
      </div>
    </div>
  );
}
