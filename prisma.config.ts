import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";
import { databaseUrl, sqliteFilePath } from "./prisma/database-url";

// The schema's datasource reads DATABASE_URL; give the CLI the same default the app uses.
process.env.DATABASE_URL = databaseUrl();

// Prisma 6.19 with the WebAssembly schema engine: no native engine download, so migrations
// run offline (see ../shared/STACK.md).
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: {
    path: "prisma/migrations",
    seed: "tsx --conditions=react-server prisma/seed.ts",
  },
  async adapter() {
    return new PrismaBetterSQLite3({ url: `file:${sqliteFilePath(databaseUrl())}` });
  },
});
