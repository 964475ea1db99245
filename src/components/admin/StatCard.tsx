import Link from "next/link";
import type { ReactNode } from "react";

const count = new Intl.NumberFormat();

/**
 * One figure of /admin: a number (or a text such as "4.2 ms") over its label, amber when it wants
 * attention; `detail` under the label (a breakdown), `link` to where it is dealt with, `hint` on hover.
 */
export function StatCard({
  label,
  value,
  attention = false,
  detail,
  link,
  hint,
}: {
  label: string;
  value: number | string;
  attention?: boolean;
  detail?: ReactNode;
  link?: ReactNode;
  hint?: string;
}) {
  return (
    <div className={`flex min-w-0 flex-col rounded-xl border bg-white p-3 shadow-sm sm:p-4 ${attention ? "border-amber-400" : "border-stone-200"}`} title={hint}>
      <dt className="text-sm text-stone-600">{label}</dt>
      <dd className="order-first text-2xl font-semibold tabular-nums text-stone-900">{typeof value === "number" ? count.format(value) : value}</dd>
      {detail && <dd className="mt-1 text-xs text-stone-600">{detail}</dd>}
      {link && <dd className="mt-1 text-sm">{link}</dd>}
    </div>
  );
}

export function StatLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link href={href} className="font-medium text-brand-700 underline underline-offset-2">
      {children}
    </Link>
  );
}

export const statGridClassName = "mt-4 grid grid-cols-1 gap-3 min-[360px]:grid-cols-2 md:grid-cols-3 lg:grid-cols-4";
