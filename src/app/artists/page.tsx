import type { Metadata } from "next";
import { ArtistDirectory } from "@/components/ArtistDirectory";
import { requireUser } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "Artists" };

export default async function ArtistsPage() {
  const user = await requireUser("/artists");
  return (
    <div className="mx-auto w-full max-w-3xl px-4 py-6">
      <h1 className="text-2xl font-semibold">Artists</h1>
      <p className="mt-1 text-sm text-stone-600">Makeup and hair artists you can message about a look or a booking.</p>
      <ArtistDirectory canMessage={user.role === "CUSTOMER"} />
    </div>
  );
}
