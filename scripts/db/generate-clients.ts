// `prisma generate` for each provider's schema (runs on install). The CLI picks its driver adapter
// from DATABASE_URL (prisma.config.ts) and, when the adapter's provider does not match the schema,
// falls back to downloading a native engine, which these machines cannot. So each generate gets a
// URL of its own provider; nothing connects to it.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { DATABASE_PROVIDERS, providerSchemaPath } from "../../prisma/database-url";

const root = path.resolve(__dirname, "..", "..");
const placeholderUrl = { sqlite: "file:./data/unused-by-generate.db", postgresql: "postgresql://generate@localhost/unused" } as const;

for (const provider of DATABASE_PROVIDERS) {
  execFileSync(path.join(root, "node_modules", ".bin", "prisma"), ["generate", "--schema", providerSchemaPath(provider)], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: placeholderUrl[provider] },
  });
}
