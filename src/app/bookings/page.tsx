import type { Metadata } from "next";
import { BookingList } from "@/components/BookingList";
import { requireUser } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "Bookings" };

export default async function BookingsPage() {
  const user = await requireUser("/bookings");
  return (
    <div className="mx-auto w-full max-w-3xl px-4 py-6">
      <h1 className="text-2xl font-semibold">Bookings</h1>
      <BookingList viewerRole={user.role} />
    </div>
  );
}
