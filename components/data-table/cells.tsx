/** Cell renderers shared by the admin table screens (server components: they run inside ServerDataTable). */
import Link from "next/link";
import { StatusBadge } from "@/components/ui/badge";
import { formatDate, formatDateTime } from "@/lib/format/dates";
import { formatMoney } from "@/lib/format/money";

const dash = <span className="text-muted">—</span>;

export function LinkCell({ href, children }: { href: string; children: React.ReactNode }) {
  return (
    <Link href={href} className="font-medium text-brand underline-offset-4 hover:underline">
      {children}
    </Link>
  );
}

export function PersonCell({ id, email, name, base = "/admin/customers" }: { id: string | null; email: string | null; name?: string | null; base?: string | null }) {
  if (!id) return dash;
  const label = email ?? id.slice(0, 8);
  return (
    <span className="grid">
      {base ? <LinkCell href={`${base}/${id}`}>{label}</LinkCell> : <span>{label}</span>}
      {name && <span className="text-xs text-muted">{name}</span>}
    </span>
  );
}

export function DateCell({ value, time = false }: { value: Date | null | undefined; time?: boolean }) {
  if (!value) return dash;
  return (
    <time dateTime={value.toISOString()} className="whitespace-nowrap text-muted">
      {time ? formatDateTime(value) : formatDate(value)}
    </time>
  );
}

export function MoneyCell({ amount, currency }: { amount: number | null | undefined; currency: string | null | undefined }) {
  if (amount === null || amount === undefined || !currency) return dash;
  return <span className="whitespace-nowrap tabular-nums">{formatMoney(amount, currency)}</span>;
}

export function StatusCell({ status }: { status: string }) {
  return <StatusBadge status={status} />;
}

export function TextCell({ value, mono = false }: { value: string | number | null | undefined; mono?: boolean }) {
  if (value === null || value === undefined || value === "") return dash;
  return <span className={mono ? "font-mono text-xs break-all" : undefined}>{value}</span>;
}

export function words(value: string): string {
  const s = value.replace(/[_-]+/g, " ");
  return s.charAt(0).toUpperCase() + s.slice(1);
}
