import type { PrismaClient } from "@/generated/prisma/client";
import type { Role } from "@/generated/prisma/enums";
import { DomainError } from "./errors";

/** What an artist offers. (Named "catalog" so it is not confused with the services folder.) */
export interface ServiceDTO {
  id: string;
  artistId: string;
  name: string;
  durationMinutes: number;
  priceCents: number;
}

const fields = { id: true, artistId: true, name: true, durationMinutes: true, priceCents: true } as const;

export async function createService(
  prisma: PrismaClient,
  user: { id: string; role: Role },
  input: { name: string; durationMinutes: number; priceCents: number },
): Promise<ServiceDTO> {
  if (user.role !== "ARTIST") throw new DomainError("FORBIDDEN", "Only artists can offer services.");
  return prisma.service.create({ data: { artistId: user.id, ...input }, select: fields });
}

export async function listServices(prisma: PrismaClient, artistId: string): Promise<ServiceDTO[]> {
  return prisma.service.findMany({ where: { artistId }, orderBy: [{ name: "asc" }, { id: "asc" }], select: fields });
}

export async function getArtistProfile(prisma: PrismaClient, artistId: string) {
  const artist = await prisma.user.findFirst({ where: { id: artistId, role: "ARTIST", deletedAt: null }, select: { id: true, name: true } });
  if (!artist) throw new DomainError("NOT_FOUND", "This artist was not found.");
  return { ...artist, services: await listServices(prisma, artistId) };
}
