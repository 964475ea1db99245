import type { Metadata } from "next";
import { BookingDetails } from "@/components/BookingDetails";
import { requireUser } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "Booking" };

export default async function BookingPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/bookings/${id}`);
  return <BookingDetails bookingId={id} meId={user.id} />;
}
