import type { Metadata } from "next";
import { BookingList } from "@/components/BookingList";
import { PageFrame } from "@/components/PageFrame";
import { requireUser } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "Bookings" };

export default async function BookingsPage() {
  const user = await requireUser("/bookings");
  return (
    <PageFrame title="Bookings">
      <BookingList viewerRole={user.role} />
    </PageFrame>
  );
}
