#!/usr/bin/env bash
# Serves the production build for the end-to-end suite: a fresh database, migrated and seeded
# exactly as `npm start` does it, on its own port. SQLite by default; with a postgres:// DATABASE_URL,
# a fresh "marginalia_e2e" database on that server.
#
#   e2e-server.sh PORT            empty the e2e database, prepare it, serve
#   e2e-server.sh PORT join URL   a second instance: wait for the first (at URL) to be up, then
#                                 serve the same database (PostgreSQL: the two-instance tests)
set -euo pipefail
port="${1:-3100}"
mode="${2:-fresh}"
cd "$(dirname "$0")/.."

if [ "$mode" = "join" ]; then
  first="$3"
  for _ in $(seq 1 240); do curl -sf -o /dev/null "$first/api/auth/csrf" && break; sleep 0.5; done
  DATABASE_URL="$(npx tsx scripts/e2e-database.ts --keep)"
else
  DATABASE_URL="$(npx tsx scripts/e2e-database.ts)"
fi
export DATABASE_URL
export NEXTAUTH_URL="http://localhost:${port}"
export NEXTAUTH_SECRET="e2e-only-secret-not-for-production"
# Each test signs in from 127.0.0.1; a shared per-IP budget would couple unrelated tests.
# The per-email limit keeps its production default and is what the suite exercises.
export SIGN_IN_MAX_FAILURES_PER_IP=1000
export SIGN_UP_MAX_PER_IP=1000
# Likewise the per-person write rate: the suite's fixtures write as one person far faster than anyone
# types. e2e/faults-last/limits.spec.ts runs its own instance with tight limits; the defaults are in vitest.
export WRITE_RATE_BURST="${WRITE_RATE_BURST:-100000}"
# Readings imported from a URL: the specs serve their pages on loopback as "localhost" (and only that name).
export READING_URL_ALLOW_HOSTS="${READING_URL_ALLOW_HOSTS:-localhost}"
# Mail goes to the suite's SMTP server (playwright.config.ts sets E2E_SMTP_PORT and starts it).
if [ -n "${E2E_SMTP_PORT:-}" ]; then
  export SMTP_URL="smtp://127.0.0.1:${E2E_SMTP_PORT}"
  export MAIL_FROM="Marginalia e2e <e2e@marginalia.test>"
fi
# A joining instance serves a database the first one has already migrated and seeded; migrating it
# again while the first is busy writing only risks SQLite's busy timeout.
if [ "$mode" != "join" ]; then npx tsx scripts/prepare-database.ts; fi
exec npx tsx scripts/serve.ts --port "$port"
