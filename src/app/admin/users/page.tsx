import type { Metadata } from "next";
import { UserDirectory } from "@/components/admin/UserDirectory";

export const metadata: Metadata = { title: "Users · Admin" };

export default function AdminUsersPage() {
  return (
    <>
      <h1 className="text-2xl font-semibold">Users</h1>
      <p className="mt-1 text-sm text-stone-600">Find a person by name, email or id, see their standing, and suspend or reinstate them.</p>
      <UserDirectory />
    </>
  );
}
