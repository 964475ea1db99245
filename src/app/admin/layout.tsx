import type { ReactNode } from "react";
import { AdminNav } from "@/components/admin/AdminNav";
import { requireAdmin } from "@/server/auth/current-user";

/** Every /admin page: Glow support only (others are sent to /messages), under the console's own links. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireAdmin("/admin");
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <AdminNav />
      <div className="mx-auto w-full max-w-6xl flex-1 px-3 py-4 sm:px-4">{children}</div>
    </div>
  );
}
