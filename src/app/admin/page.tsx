import type { Metadata } from "next";
import { AdminStats } from "@/components/admin/AdminStats";

export const metadata: Metadata = { title: "Admin" };

export default function AdminOverviewPage() {
  return (
    <>
      <h1 className="text-2xl font-semibold">Admin</h1>
      <AdminStats />
    </>
  );
}
