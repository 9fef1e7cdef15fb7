import Link from "next/link";

/** Shown by forbidden(): a signed-in person without the permission for this page. */
export default function Forbidden() {
  return (
    <main id="main" className="mx-auto grid min-h-[60dvh] max-w-lg content-center gap-4 px-6 py-16 text-center">
      <p className="text-sm font-semibold tracking-wide text-brand uppercase">403</p>
      <h1 className="text-3xl font-semibold tracking-tight text-fg">You don't have access to this page</h1>
      <p className="text-muted">Your role doesn't include this area. Ask an administrator if you need it.</p>
      <div className="flex justify-center gap-3">
        <Link href="/portal" className="font-medium text-brand underline-offset-4 hover:underline">
          Go to your portal
        </Link>
        <Link href="/" className="font-medium text-muted underline-offset-4 hover:underline">
          Home
        </Link>
      </div>
    </main>
  );
}
