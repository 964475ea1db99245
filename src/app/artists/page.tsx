import type { Metadata } from "next";
import { ArtistDirectory } from "@/components/ArtistDirectory";
import { PageFrame } from "@/components/PageFrame";
import { Role } from "@/generated/prisma/enums";
import { requireUser } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "Artists" };

export default async function ArtistsPage() {
  const user = await requireUser("/artists");
  return (
    <PageFrame title="Artists" intro="Makeup and hair artists you can message about a look or a booking.">
      <ArtistDirectory canMessage={user.role === Role.CUSTOMER} />
    </PageFrame>
  );
}
