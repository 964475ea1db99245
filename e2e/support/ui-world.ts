import { randomUUID } from "node:crypto";
import { expect, type APIRequestContext, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "@playwright/test";
import sharp from "sharp";
import { registerAccount, signedInPair, signIn, type Account, type SignedInPair } from "./accounts";

/**
 * Content that breaks careless layouts, and a customer–artist pair whose conversation, bookings and
 * photos are full of it, built through the public API.
 */

/** An unbroken 80-character name (the longest a name may be), different each run. */
export const unbrokenName = (prefix: string) => `${prefix}${randomUUID().replaceAll("-", "")}${"W".repeat(80)}`.slice(0, 80);
export const LONG_URL = `https://glow-bridal-studio.example.com/portfolio/${"bridal-looks-".repeat(25)}?utm_source=${"x".repeat(150)}`;
export const LONG_WORD = "Supercalifragilisticexpialidocious".repeat(15);
export const ARABIC = "مرحبا! هل أنت متاحة يوم السبت لمكياج الزفاف؟ أرسلت لك الصور.";
export const HEBREW = "שלום! אני מחפשת מאפרת לחתונה ביום שבת הקרוב.";
export const CONTACT = "Write to studio@glow-bridal.co.uk or call +44 20 7946 0958, or see https://glow.example.com/ava.";
/** 4,000 characters (the most a message may hold), with an unbroken run in the middle. */
export const FOUR_THOUSAND = `Here is everything for the day. ${"Lots of detail about the look and the timing. ".repeat(40)}${"x".repeat(600)} ${"More notes. ".repeat(400)}`.slice(0, 4000);

/** Calls a tRPC mutation over HTTP with the context's session cookie; Dates travel as superjson Dates. */
export async function mutate<T>(request: APIRequestContext, path: string, input: Record<string, unknown>): Promise<T> {
  const dates = Object.entries(input).filter(([, v]) => v instanceof Date);
  const json = Object.fromEntries(Object.entries(input).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));
  const body = dates.length ? { json, meta: { values: Object.fromEntries(dates.map(([k]) => [k, ["Date"]])) } } : { json };
  const response = await request.post(`/api/trpc/${path}`, { data: body });
  expect(response.status(), `${path}: ${await response.text()}`).toBe(200);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}

/** Calls a tRPC query over HTTP with the context's session cookie. */
export async function query<T>(request: APIRequestContext, path: string, input: Record<string, unknown>): Promise<T> {
  const response = await request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  expect(response.status(), `${path}: ${await response.text()}`).toBe(200);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}

export const send = (request: APIRequestContext, conversationId: string, text: string, attachmentIds?: string[]) =>
  mutate<{ id: string; seq: number; createdAt: string }>(request, "message.send", { conversationId, clientId: randomUUID(), text, attachmentIds });

/** A real photo (a gradient, so it compresses like one), uploaded for a conversation. */
export async function uploadPhoto(request: APIRequestContext, conversationId: string, width = 1200, height = 800): Promise<string> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i += 3) {
    const x = (i / 3) % width;
    pixels[i] = (x * 255) / width;
    pixels[i + 1] = 120;
    pixels[i + 2] = 180;
  }
  const buffer = await sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg().toBuffer();
  const response = await request.post(`/api/uploads?conversationId=${conversationId}`, {
    multipart: { file: { name: "look.jpg", mimeType: "image/jpeg", buffer } },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** Tomorrow at 10:00 UTC. */
export const tomorrowAtTenUtc = () => {
  const d = new Date(Date.now() + 24 * 3600 * 1000);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 10));
};

export interface Booking {
  id: string;
  status: string;
  actions: string[];
  conversationId: string;
}

export interface SignedIn {
  account: Account;
  context: BrowserContext;
  page: Page;
}

export async function signedIn(browser: Browser, request: APIRequestContext, role: Account["role"], name: string, options: BrowserContextOptions = {}): Promise<SignedIn> {
  const account = await registerAccount(request, role, name);
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await signIn(page, account);
  return { account, context, page };
}

export type ConversationPair = SignedInPair & { conversationId: string };

/** A fresh customer and artist, each signed in in a browser context of their own, and their one conversation. */
export async function conversationPair(
  browser: Browser,
  request: APIRequestContext,
  names: { customer: string; artist: string },
  options: BrowserContextOptions = {},
): Promise<ConversationPair> {
  const pair = await signedInPair(browser, request, names, options);
  const { id } = await mutate<{ id: string }>(pair.customerContext.request, "conversation.getOrCreate", { participantId: pair.artist.id });
  return { ...pair, conversationId: id };
}

/** An artist's service, and a customer's booking of it (tomorrow at 10:00 UTC unless told). */
export async function serviceAndBooking(artist: APIRequestContext, customer: APIRequestContext, serviceName: string, note?: string, startsAt = tomorrowAtTenUtc()) {
  const service = await mutate<{ id: string }>(artist, "service.create", { name: serviceName, durationMinutes: 90, priceCents: 12_000 });
  const booking = await mutate<Booking>(customer, "booking.create", { serviceId: service.id, startsAt, note });
  return { service, booking };
}

export interface HostileWorld {
  artist: SignedIn;
  conversationId: string;
  serviceName: string;
  /** Pending: the artist can still confirm or decline it. */
  pendingBooking: Booking;
  confirmedBooking: Booking;
}

/**
 * The customer (already signed in, in `customer`) and a new artist with an unbroken 80-character
 * name: a service with an unbroken name, two bookings (one confirmed) whose SYSTEM lines are in
 * the thread, a long URL, a long word, a 4,000-character message, Arabic and Hebrew, contact
 * details, and a message with two photos and a caption.
 */
export async function hostileWorld(browser: Browser, request: APIRequestContext, customer: BrowserContext, options: BrowserContextOptions = {}): Promise<HostileWorld> {
  const artist = await signedIn(browser, request, "ARTIST", unbrokenName("Artist"), options);
  const serviceName = unbrokenName("Service");
  const { id: conversationId } = await mutate<{ id: string }>(customer.request, "conversation.getOrCreate", { participantId: artist.account.id });
  await send(customer.request, conversationId, `Hi! Here is the look I love: ${LONG_URL}`);
  await send(artist.context.request, conversationId, LONG_WORD);
  await send(artist.context.request, conversationId, ARABIC);
  await send(customer.request, conversationId, HEBREW);
  await send(customer.request, conversationId, FOUR_THOUSAND);
  await send(artist.context.request, conversationId, CONTACT);
  const { booking: confirmed } = await serviceAndBooking(artist.context.request, customer.request, serviceName, `${LONG_URL}\n${LONG_WORD.slice(0, 400)}`);
  const confirmedBooking = await mutate<Booking>(artist.context.request, "booking.transition", { id: confirmed.id, to: "CONFIRMED" });
  const pendingBooking = await mutate<Booking>(customer.request, "booking.create", {
    serviceId: (await query<{ services: { id: string }[] }>(customer.request, "service.artist", { artistId: artist.account.id })).services[0]!.id,
    startsAt: new Date(tomorrowAtTenUtc().getTime() + 2 * 24 * 3600 * 1000),
    note: ARABIC,
  });
  const photos = [await uploadPhoto(customer.request, conversationId), await uploadPhoto(customer.request, conversationId, 800, 1200)];
  await send(customer.request, conversationId, `Two looks for the day. ${LONG_URL}`, photos);
  return { artist, conversationId, serviceName, pendingBooking, confirmedBooking };
}
