#!/usr/bin/env bash
# Serves the production build for the end-to-end suite: a fresh SQLite file, migrated and seeded
# exactly as `npm start` does it, on its own port.
set -euo pipefail
port="${1:-3100}"
cd "$(dirname "$0")/.."
rm -f data/e2e.db data/e2e.db-journal data/e2e.db-wal data/e2e.db-shm
export DATABASE_URL="file:./data/e2e.db"
export NEXTAUTH_URL="http://localhost:${port}"
export NEXTAUTH_SECRET="e2e-only-secret-not-for-production"
# Each test signs in from 127.0.0.1; a shared per-IP budget would couple unrelated tests.
# The per-email limit keeps its production default and is what the suite exercises.
export SIGN_IN_MAX_FAILURES_PER_IP=1000
export SIGN_UP_MAX_PER_IP=1000
npx tsx scripts/prepare-database.ts
exec npx next start --port "$port"
