"use client";
/**
 * The dashboard's charts (recharts, client-only). Each chart is decoration over numbers the page also prints as
 * text (the card's figure and a visually hidden table), so screen readers and no-JS readers lose nothing.
 */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const COLORS = ["var(--color-brand)", "#0e9f6e", "#d97706", "#7c3aed", "#db2777", "#0891b2"];

export function RevenueChart({ data, series, currency }: { data: Array<Record<string, number | string>>; series: string[]; currency: string }) {
  const format = (v: number) => new Intl.NumberFormat("en-US", { style: "currency", currency, notation: "compact" }).format(v / 100);
  return (
    <div className="h-64 w-full" aria-hidden="true">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--color-border)" />
          <XAxis dataKey="month" tick={{ fontSize: 11 }} tickLine={false} />
          <YAxis tickFormatter={format} tick={{ fontSize: 11 }} width={56} tickLine={false} axisLine={false} />
          <Tooltip formatter={(v) => format(Number(v))} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {series.map((s, i) => (
            <Bar key={s} dataKey={s} stackId="revenue" fill={COLORS[i % COLORS.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function MiniBars({ data, label }: { data: Array<{ name: string; value: number }>; label: string }) {
  return (
    <div className="h-32 w-full" aria-hidden="true" data-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 4, right: 4, bottom: 0, left: 4 }}>
          <XAxis dataKey="name" hide />
          <Tooltip />
          <Bar dataKey="value" fill="var(--color-brand)" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
