/**
 * `npx tsx scripts/bench-contact-details.ts`: how long hiding contact details takes on a short
 * and on a longest-allowed message, with and without details in it. It runs on every message sent
 * before a booking, so the target is a p99 well under 1 ms at 4,000 characters. A benchmark, not a
 * test: it prints figures and asserts nothing.
 */
import { pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import { hideContactDetails } from "@/server/safety/contact-details";
import { MAX_MESSAGE_LENGTH } from "@/shared/limits";
import { summarize } from "./bench/report";

const SHORT_LENGTH = 200;
const WARM_UP_RUNS = 500;
const MEASURED_RUNS = 5000;

/** Ordinary booking chat, full of numbers that are not contact details. */
const CHAT =
  "Hi! Could we do the trial on 12/03/2027 at 10:30? It's 3 bridesmaids plus me, £120 each, about 90 min per person. " +
  "The venue is SW1A 1AA, booking #4821, see you @ the hotel lobby at 9. I loved the look on your Pinterest board! ";
const DETAILS = " Text me on 07700 900123 or email ava.smith@gmail.com, insta @ava.glam x ";

/** `length` characters of chat, with the details in the middle when asked. */
function message(length: number, withDetails: boolean): string {
  const chat = CHAT.repeat(Math.ceil(length / CHAT.length));
  if (!withDetails) return chat.slice(0, length);
  const half = Math.floor((length - DETAILS.length) / 2);
  return chat.slice(0, half) + DETAILS + chat.slice(0, length - DETAILS.length - half);
}

function timeMicroseconds(text: string): number[] {
  for (let i = 0; i < WARM_UP_RUNS; i++) hideContactDetails(text);
  const times: number[] = [];
  for (let i = 0; i < MEASURED_RUNS; i++) {
    const start = performance.now();
    hideContactDetails(text);
    times.push((performance.now() - start) * 1000);
  }
  return times;
}

export async function benchContactDetails(): Promise<string[]> {
  const lines = [`hideContactDetails, ${MEASURED_RUNS} runs each after ${WARM_UP_RUNS} to warm up (µs)`];
  for (const length of [SHORT_LENGTH, MAX_MESSAGE_LENGTH]) {
    for (const withDetails of [false, true]) {
      const text = message(length, withDetails);
      const figures = summarize(timeMicroseconds(text))!;
      const label = `${String(text.length).padStart(5)} chars, ${withDetails ? "with details   " : "without details"}`;
      lines.push(`${label}  p50 ${figures.p50.toFixed(1)}  p95 ${figures.p95.toFixed(1)}  p99 ${figures.p99.toFixed(1)}  max ${figures.max.toFixed(1)}`);
    }
  }
  return lines;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of await benchContactDetails()) console.log(line);
}
