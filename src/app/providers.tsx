"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { SessionProvider } from "next-auth/react";
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { OutboxProvider } from "@/lib/outbox/OutboxProvider";
import { useServiceWorker } from "@/lib/service-worker";
import { createBrowserClient, TRPCProvider, type ConnectionState } from "@/lib/trpc";

const ConnectionContext = createContext<ConnectionState>("connecting");

/** Offline (the browser says so) wins over the socket's own state. */
function useBrowserOnline(): boolean {
  const [online, setOnline] = useState(true);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    update();
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    return () => {
      window.removeEventListener("online", update);
      window.removeEventListener("offline", update);
    };
  }, []);
  return online;
}

/** Whether the live connection is up, for the status indicator. */
export const useConnectionState = () => useContext(ConnectionContext);

export function Providers({ userId, children }: { userId: string | null; children: ReactNode }) {
  const [socket, setSocket] = useState<ConnectionState>("connecting");
  const online = useBrowserOnline();
  const connection: ConnectionState = online ? socket : "offline";
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { staleTime: 10_000, refetchOnWindowFocus: true, retry: 2 },
        },
      }),
  );
  const [trpcClient] = useState(() => createBrowserClient(setSocket));
  useServiceWorker();
  return (
    <SessionProvider>
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
          <ConnectionContext.Provider value={connection}>
            <OutboxProvider userId={userId} connection={connection}>
              {children}
            </OutboxProvider>
          </ConnectionContext.Provider>
        </TRPCProvider>
      </QueryClientProvider>
    </SessionProvider>
  );
}
