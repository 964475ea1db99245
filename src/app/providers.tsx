"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { SessionProvider } from "next-auth/react";
import { createContext, useContext, useState, type ReactNode } from "react";
import { createBrowserClient, TRPCProvider, type ConnectionState } from "@/lib/trpc";

const ConnectionContext = createContext<ConnectionState>("connecting");

/** Whether the live connection is up, for the status indicator. */
export const useConnectionState = () => useContext(ConnectionContext);

export function Providers({ children }: { children: ReactNode }) {
  const [connection, setConnection] = useState<ConnectionState>("connecting");
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { staleTime: 10_000, refetchOnWindowFocus: true, retry: 2 },
        },
      }),
  );
  const [trpcClient] = useState(() => createBrowserClient(setConnection));
  return (
    <SessionProvider>
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
          <ConnectionContext.Provider value={connection}>{children}</ConnectionContext.Provider>
        </TRPCProvider>
      </QueryClientProvider>
    </SessionProvider>
  );
}
