import { describe, expect, it } from "vitest";
import { otherReadPosition, placeReceipts, type ReceiptMessage } from "./read-receipts";

const ME = "chloe";
const AVA = "ava";
const at = (minute: number) => new Date(2026, 2, 14, 14, minute);
const message = (seq: number, senderId: string | null, extra: Partial<ReceiptMessage> = {}): ReceiptMessage => ({
  seq,
  senderId,
  createdAt: at(seq),
  removed: false,
  ...extra,
});

describe("where 'Seen' and 'Sent' go", () => {
  // Ava wrote 1; I wrote 2, 3, 4; a booking note is 5; I wrote 6 and 7.
  const thread = [message(1, AVA), message(2, ME), message(3, ME), message(4, ME), message(5, null), message(6, ME), message(7, ME)];

  it("puts 'Seen' under the newest of my messages they have read and 'Sent' under my newest, nothing elsewhere", () => {
    expect(placeReceipts(thread, ME, { seq: 5, at: at(30) })).toEqual({ seen: { seq: 4, at: at(30) }, sentSeq: 7 });
  });

  it("puts only 'Seen' when they have read my newest", () => {
    expect(placeReceipts(thread, ME, { seq: 7, at: at(40) })).toEqual({ seen: { seq: 7, at: at(40) }, sentSeq: null });
  });

  it("puts only 'Sent' when they have read none of mine", () => {
    expect(placeReceipts(thread, ME, { seq: 1, at: at(1) })).toEqual({ seen: null, sentSeq: 7 });
    expect(placeReceipts(thread, ME, { seq: 0, at: null })).toEqual({ seen: null, sentSeq: 7 });
  });

  it("shows nothing while receipts are hidden", () => {
    expect(placeReceipts(thread, ME, null)).toEqual({ seen: null, sentSeq: null });
  });

  it("adds no 'Sent' above a message of mine still on its way (it says where it stands itself)", () => {
    expect(placeReceipts(thread, ME, { seq: 5, at: at(30) }, { pendingAfter: true })).toEqual({ seen: { seq: 4, at: at(30) }, sentSeq: null });
  });

  it("passes over messages Glow support removed", () => {
    const withRemoved = [message(1, ME), message(2, ME, { removed: true })];
    expect(placeReceipts(withRemoved, ME, { seq: 2, at: at(9) })).toEqual({ seen: { seq: 1, at: at(9) }, sentSeq: null });
  });

  it("shows nothing in a thread where I have written nothing", () => {
    expect(placeReceipts([message(1, AVA), message(2, null)], ME, { seq: 2, at: at(3) })).toEqual({ seen: null, sentSeq: null });
  });
});

describe("how far the other person has read", () => {
  const thread = [message(1, ME), message(2, ME), message(3, AVA), message(4, ME)];

  it("is unknown (null) while receipts are not shared, whatever they wrote", () => {
    expect(otherReadPosition({ known: null, live: null, messages: thread, otherId: AVA })).toBeNull();
  });

  it("is the furthest of what byId said and what was announced live", () => {
    expect(otherReadPosition({ known: { seq: 1, at: at(10) }, live: { seq: 4, at: at(20) }, messages: [], otherId: AVA })).toEqual({ seq: 4, at: at(20) });
    expect(otherReadPosition({ known: { seq: 4, at: at(10) }, live: { seq: 2, at: at(20) }, messages: [], otherId: AVA })).toEqual({ seq: 4, at: at(10) });
  });

  it("counts their own message as read up to it, at the time they wrote it", () => {
    expect(otherReadPosition({ known: { seq: 0, at: null }, live: null, messages: thread, otherId: AVA })).toEqual({ seq: 3, at: at(3) });
  });

  it("keeps the earliest known time for the same position", () => {
    // byId's lastReadAt for seq 3 is when they sent it; a later read event for seq 3 says nothing new.
    expect(otherReadPosition({ known: { seq: 3, at: at(3) }, live: { seq: 3, at: at(50) }, messages: thread, otherId: AVA })).toEqual({ seq: 3, at: at(3) });
    expect(otherReadPosition({ known: { seq: 3, at: null }, live: { seq: 3, at: at(50) }, messages: [], otherId: AVA })).toEqual({ seq: 3, at: at(50) });
  });

  it("takes a live read event as sharing, even before byId knew", () => {
    expect(otherReadPosition({ known: null, live: { seq: 2, at: at(5) }, messages: [], otherId: AVA })).toEqual({ seq: 2, at: at(5) });
  });
});
