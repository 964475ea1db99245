import type { Metadata } from "next";
import { ReportQueue } from "@/components/admin/ReportQueue";

export const metadata: Metadata = { title: "Reports · Admin" };

export default function AdminReportsPage() {
  return (
    <>
      <h1 className="text-2xl font-semibold">Reports</h1>
      <p className="mt-1 text-sm text-stone-600">What people and the keyword filter reported, oldest first. Every decision is recorded with its note.</p>
      <ReportQueue />
    </>
  );
}
