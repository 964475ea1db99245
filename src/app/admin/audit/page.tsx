import type { Metadata } from "next";
import { Suspense } from "react";
import { AuditLog } from "@/components/admin/AuditLog";

export const metadata: Metadata = { title: "Audit log · Admin" };

export default function AdminAuditPage() {
  return (
    <>
      <h1 className="text-2xl font-semibold">Audit log</h1>
      <p className="mt-1 text-sm text-stone-600">Every admin access and action, newest first. The log can&apos;t be edited or deleted.</p>
      {/* The filter is read from the URL in the browser. */}
      <Suspense>
        <AuditLog />
      </Suspense>
    </>
  );
}
