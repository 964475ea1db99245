/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Each page's server code is loaded by its first request rather than all of them at start: a
  // process that mostly carries sockets keeps ~12 MB less (README, "Memory"); the first visit to a
  // page pays its load once.
  experimental: { preloadEntriesOnStart: false },
  // `npm run typecheck` checks the whole project (tests, scripts, server.ts) in CI; the build does
  // not repeat it.
  typescript: { ignoreBuildErrors: true },
  // Native and Wasm database drivers stay plain Node modules, shared with the custom server.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@prisma/adapter-pg", "pg", "@prisma/client"],
  // Security headers (CSP, HSTS, nosniff, framing) are set by the custom server around Next, from
  // the runtime configuration: src/server/http/security-headers.ts.
};

export default nextConfig;
