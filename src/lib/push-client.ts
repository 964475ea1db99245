"use client";

import type { TRPCClient } from "@trpc/client";
import type { AppRouter } from "@/server/routers/root";

/**
 * This device's push notifications: whether the browser can have them, asking for permission (only
 * when the person asks for notifications), subscribing with the server's VAPID key, and telling the
 * server (push.subscribe / push.unsubscribe).
 *
 * - `unsupported`: no Push API, or no service worker (the app registers it in production builds).
 * - `blocked`: the person (or the browser) denied notifications for this site; only the browser's
 *   site settings can allow them again.
 * - `off` / `on`: permission not given or no subscription / both.
 */
export type PushState = "unsupported" | "blocked" | "off" | "on";

type Client = TRPCClient<AppRouter>;

function browserHasPush(): boolean {
  return typeof window !== "undefined" && "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
}

/** The app's service worker registration, if there is one (none in development builds). */
async function registration(): Promise<ServiceWorkerRegistration | null> {
  if (!browserHasPush()) return null;
  return (await navigator.serviceWorker.getRegistration("/").catch(() => undefined)) ?? null;
}

async function currentSubscription(): Promise<PushSubscription | null> {
  return (await (await registration())?.pushManager.getSubscription().catch(() => null)) ?? null;
}

export async function pushState(): Promise<PushState> {
  if (!(await registration())) return "unsupported";
  if (Notification.permission === "denied") return "blocked";
  if (Notification.permission !== "granted") return "off";
  return (await currentSubscription()) ? "on" : "off";
}

function base64UrlToBytes(value: string): Uint8Array<ArrayBuffer> {
  const base64 = value.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(value.length / 4) * 4, "=");
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

function sameKey(a: ArrayBuffer | null | undefined, b: Uint8Array): boolean {
  if (!a || a.byteLength !== b.byteLength) return false;
  const bytes = new Uint8Array(a);
  return bytes.every((byte, i) => byte === b[i]);
}

async function serverPublicKey(): Promise<Uint8Array<ArrayBuffer>> {
  const response = await fetch("/api/push/public-key");
  if (!response.ok) throw new Error("This server does not send push notifications.");
  const { publicKey } = (await response.json()) as { publicKey: string };
  return base64UrlToBytes(publicKey);
}

/** Tells the server this device's subscription belongs to the signed-in person (moving it from anyone else). */
async function register(client: Client, subscription: PushSubscription): Promise<void> {
  const { endpoint, keys } = subscription.toJSON();
  if (!endpoint || !keys?.p256dh || !keys.auth) throw new Error("The browser gave an incomplete push subscription.");
  await client.push.subscribe.mutate({ endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth } });
}

/**
 * Asks for permission (call it from a click: browsers ask only then), subscribes this device with
 * the server's key (again, if it was subscribed with another one) and registers it.
 */
export async function turnOnPush(client: Client): Promise<PushState> {
  const worker = await registration();
  if (!worker) return "unsupported";
  const permission = await Notification.requestPermission();
  if (permission === "denied") return "blocked";
  if (permission !== "granted") return "off";
  const key = await serverPublicKey();
  let subscription = await worker.pushManager.getSubscription();
  if (subscription && !sameKey(subscription.options.applicationServerKey, key)) {
    await subscription.unsubscribe();
    subscription = null;
  }
  subscription ??= await worker.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  await register(client, subscription);
  return "on";
}

/** This device stops receiving pushes: the server forgets it first, then the browser. */
export async function turnOffPush(client: Client): Promise<PushState> {
  const subscription = await currentSubscription();
  if (subscription) {
    await client.push.unsubscribe.mutate({ endpoint: subscription.endpoint });
    await subscription.unsubscribe();
  }
  return (await pushState()) === "blocked" ? "blocked" : "off";
}

/**
 * A device already subscribed is registered again for whoever is signed in now, without asking
 * anything: if the last person's session ended without a sign-out here, their pushes stop coming
 * to this browser, and this person's start.
 */
export async function refreshPushRegistration(client: Client): Promise<void> {
  if (!browserHasPush() || Notification.permission !== "granted") return;
  const subscription = await currentSubscription();
  if (subscription) await register(client, subscription);
}

/**
 * At sign-out, while the session still holds: the server forgets this device and the browser drops
 * the subscription, so the next person on this browser gets none of this one's pushes. Best effort:
 * never throws, never holds the sign-out up for long.
 */
export async function forgetPushOnThisDevice(client: Client): Promise<void> {
  const forget = (async () => {
    const subscription = await currentSubscription();
    if (!subscription) return;
    await client.push.unsubscribe.mutate({ endpoint: subscription.endpoint }).catch(() => {});
    await subscription.unsubscribe().catch(() => false);
  })().catch(() => {});
  await Promise.race([forget, new Promise((resolve) => setTimeout(resolve, 3000))]);
}
