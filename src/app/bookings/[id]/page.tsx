import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BookingDetails } from "@/components/BookingDetails";
import { requireUser } from "@/server/auth/current-user";
import { isId } from "@/shared/ids";

export const metadata: Metadata = { title: "Booking" };

export default async function BookingPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/bookings/${id}`);
  // A garbled link is a missing page, not a request the server refuses.
  if (!isId(id)) notFound();
  return <BookingDetails bookingId={id} meId={user.id} />;
}
