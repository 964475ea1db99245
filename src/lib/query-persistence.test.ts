import { QueryClient } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { describe, expect, it } from "vitest";
import { createTRPCClient, httpLink } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "@/server/routers/root";
import { isKeptOnDevice } from "./query-persistence";

// The keys tRPC really gives these queries (no request is sent: the client is never called).
const trpc = createTRPCOptionsProxy<AppRouter>({
  client: createTRPCClient<AppRouter>({ links: [httpLink({ url: "http://localhost/api/trpc", transformer: superjson })] }),
  queryClient: new QueryClient(),
});

describe("what the device keeps of the query cache", () => {
  it("never Glow support's reads: a conversation read with a reason, the queue, people", () => {
    expect(isKeptOnDevice(trpc.admin.conversations.view.queryKey({ conversationId: "c1", reason: "Dispute #1234" }))).toBe(false);
    expect(isKeptOnDevice(trpc.admin.reports.list.queryKey({}))).toBe(false);
    expect(isKeptOnDevice(trpc.admin.users.search.queryKey({}))).toBe(false);
    expect(isKeptOnDevice(trpc.admin.stats.queryKey())).toBe(false);
  });

  it("a person's own messages, inbox and bookings, for reading offline", () => {
    expect(isKeptOnDevice(trpc.message.list.queryKey({ conversationId: "c1" }))).toBe(true);
    expect(isKeptOnDevice(trpc.conversation.list.queryKey({}))).toBe(true);
    expect(isKeptOnDevice(trpc.booking.list.queryKey({}))).toBe(true);
  });
});
