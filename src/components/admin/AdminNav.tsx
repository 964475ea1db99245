"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/admin", label: "Overview" },
  { href: "/admin/conversations", label: "Conversations" },
  { href: "/admin/reports", label: "Reports" },
  { href: "/admin/users", label: "Users" },
  { href: "/admin/keywords", label: "Keywords" },
  { href: "/admin/audit", label: "Audit log" },
];

/** The console's sections: one row on a wide screen, wrapped into two on a phone (nothing hidden off-screen). */
export function AdminNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Admin" className="border-b border-stone-200 bg-white">
      <ul className="mx-auto flex max-w-6xl flex-wrap gap-x-1 px-2 sm:px-4">
        {LINKS.map((link) => {
          const current = link.href === "/admin" ? pathname === "/admin" : pathname === link.href || pathname.startsWith(`${link.href}/`);
          return (
            <li key={link.href} className="shrink-0">
              <Link
                href={link.href}
                aria-current={current ? "page" : undefined}
                className={`block border-b-2 px-2.5 py-2 text-sm font-medium sm:px-3 sm:py-2.5 ${current ? "border-brand-600 text-brand-700" : "border-transparent text-stone-700 hover:text-stone-900"}`}
              >
                {link.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
