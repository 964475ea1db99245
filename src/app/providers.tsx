"use client";

import { IsRestoringProvider, QueryClientProvider } from "@tanstack/react-query";
import { SessionProvider } from "next-auth/react";
import { useState, type ReactNode } from "react";
import { ConnectionContext, useBrowserOnline } from "@/lib/connection-state";
import { OutboxProvider } from "@/lib/outbox/OutboxProvider";
import { createQueryClient } from "@/lib/query-client";
import { usePersistedQueries } from "@/lib/query-persistence";
import { usePageCaching, useServiceWorker } from "@/lib/service-worker";
import { createBrowserClient, TRPCProvider, type ConnectionState } from "@/lib/trpc";

export function Providers({ userId, children }: { userId: string | null; children: ReactNode }) {
  // First: it sets the query client's idea of the network, which useBrowserOnline reads.
  const [queryClient] = useState(createQueryClient);
  const [socket, setSocket] = useState<ConnectionState>("connecting");
  const online = useBrowserOnline();
  const connection: ConnectionState = online ? socket : "offline";
  const [trpcClient] = useState(() => createBrowserClient(setSocket));
  const restoring = usePersistedQueries(queryClient, userId);
  useServiceWorker();
  usePageCaching(userId);
  return (
    <SessionProvider>
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
