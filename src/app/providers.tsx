"use client";

import { IsRestoringProvider, QueryClientProvider } from "@tanstack/react-query";
import { SessionProvider, useSession } from "next-auth/react";
import { useState, type ReactNode } from "react";
import { ConnectionContext, useBrowserOnline } from "@/lib/connection-state";
import { OutboxProvider } from "@/lib/outbox/OutboxProvider";
import { createQueryClient } from "@/lib/query-client";
import { usePersistedQueries } from "@/lib/query-persistence";
import { usePageCaching, useServiceWorker } from "@/lib/service-worker";
import { createBrowserClient, TRPCProvider, type AppClient, type ConnectionState, type LiveSocket } from "@/lib/trpc";
import { useFocusReporting } from "@/lib/use-focus-reporting";

export function Providers({ userId, children }: { userId: string | null; children: ReactNode }) {
  // First: it sets the query client's idea of the network, which useBrowserOnline reads.
  const [queryClient] = useState(createQueryClient);
  const [socket, setSocket] = useState<ConnectionState>("connecting");
  const online = useBrowserOnline();
  const connection: ConnectionState = online ? socket : "offline";
  const [{ client: trpcClient, socket: liveSocket }] = useState(() => createBrowserClient(setSocket));
  const restoring = usePersistedQueries(queryClient, userId);
  useServiceWorker();
  usePageCaching(userId);
  return (
    <SessionProvider>
      <FocusReporting client={trpcClient} socket={liveSocket} />
      <QueryClientProvider client={queryClient}>
        <IsRestoringProvider value={restoring}>
          <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
            <ConnectionContext.Provider value={connection}>
              <OutboxProvider userId={userId} connection={connection}>
                {children}
              </OutboxProvider>
            </ConnectionContext.Provider>
          </TRPCProvider>
        </IsRestoringProvider>
      </QueryClientProvider>
    </SessionProvider>
  );
}

/**
 * The server is told whether this tab is focused (no push then) for signed-in customers and
 * artists; Glow support gets no pushes. The session is the one SessionProvider fetches anyway.
 */
function FocusReporting({ client, socket }: { client: AppClient; socket: LiveSocket }) {
  const session = useSession();
  useFocusReporting(client, socket, session.status === "authenticated" && session.data.user.role !== "ADMIN");
  return null;
}
