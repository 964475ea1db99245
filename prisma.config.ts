import { defineConfig } from "prisma/config";

// Prisma 7 reads the connection from here, not from schema.prisma. Only `prisma migrate deploy`
// (for people with the schema engine) uses it; the app and `npm run db:migrate` use their own
// runner (scripts/db-migrate.ts), which keeps the same `_prisma_migrations` bookkeeping.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
