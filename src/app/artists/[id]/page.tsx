import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ArtistProfile } from "@/components/ArtistProfile";
import { requireUser } from "@/server/auth/current-user";
import { isId } from "@/shared/ids";

export const metadata: Metadata = { title: "Artist" };

export default async function ArtistPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/artists/${id}`);
  // A garbled link is a missing page, not a request the server refuses.
  if (!isId(id)) notFound();
  return (
    <div className="mx-auto w-full max-w-3xl px-4 py-6">
      <ArtistProfile artistId={id} viewer={{ id: user.id, role: user.role }} />
    </div>
  );
}
