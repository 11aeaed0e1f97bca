#!/usr/bin/env bash
# The whole suite, as `npm test` runs it: lint, typecheck, schema check, unit/integration tests on
# the real database (SQLite by default, PostgreSQL when DATABASE_URL says so),
# a production build, and the end-to-end tests in Chromium. Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."

# Each step says when it starts and how long the suite has run, so a slow CI run shows where the time went.
started=$SECONDS
step() { printf '\n\033[1m== %s\033[0m  (%s, %ds into the suite)\n' "$*" "$(date -u +%H:%M:%S)" $((SECONDS - started)); }

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "install"
  npm install --no-audit --no-fund
fi

# CI runs this twice on one clone (SQLite, then PostgreSQL). Lint, format, types and the production
# build do not depend on the database, so its second pass sets TREE_ALREADY_CHECKED=1 to reuse them.
tree_checked=0
if [ "${TREE_ALREADY_CHECKED:-}" = "1" ] && [ -f .next/BUILD_ID ]; then tree_checked=1; fi
if [ "$tree_checked" = 1 ]; then
  step "lint, format, typecheck: done on this tree already (TREE_ALREADY_CHECKED=1)"
else
  # Three checks of one core each, side by side: on CI's two cores, about 40 s against 75 s in a row.
  # Each one's output is shown whole once all have ended, in this order; any failure stops the suite.
  step "lint, format, typecheck (side by side)"
  checks=(lint format:check typecheck)
  check_logs=$(mktemp -d)
  check_pids=()
  for check in "${checks[@]}"; do
    npm run --silent "$check" > "$check_logs/$check.log" 2>&1 &
    check_pids+=("$!")
  done
  checks_failed=()
  for i in "${!checks[@]}"; do
    if wait "${check_pids[$i]}"; then outcome=passed; else outcome=FAILED; checks_failed+=("${checks[$i]}"); fi
    echo "-- ${checks[$i]}: $outcome"
    cat "$check_logs/${checks[$i]}.log"
  done
  rm -rf "$check_logs"
  if [ "${#checks_failed[@]}" -gt 0 ]; then
    echo "failed: ${checks_failed[*]}" >&2
    exit 1
  fi
fi
# Both providers' schemas and migrations agree with prisma/models.prisma; on a PostgreSQL run the
# PostgreSQL migrations are replayed on that server too.
step "database schemas"
if [[ "${DATABASE_URL:-}" == postgres* ]]; then CHECK_POSTGRES_URL="$DATABASE_URL" npm run --silent db:check; else npm run --silent db:check; fi
mkdir -p reports
step "unit and integration tests (vitest, on the real database)"
# lib/ and components/ hold tests that use no database: a second pass over a tree already checked,
# on PostgreSQL, has run them on SQLite just before. Only while none of them imports server code.
database_free=()
if [ "$tree_checked" = 1 ] && [[ "${DATABASE_URL:-}" == postgres* ]] &&
  ! grep -rqlE "from \"@/server/|from \"(\.\./)+server/" lib components --include='*.test.ts' --include='*.test.tsx'; then
  database_free=(--exclude 'lib/**' --exclude 'components/**')
fi
npx vitest run "${database_free[@]}" --reporter=default --reporter=json --outputFile.json=reports/vitest.json
if [ "$tree_checked" = 1 ]; then
  step "build: the production build of this tree is reused (TREE_ALREADY_CHECKED=1)"
else
  step "build"; npm run --silent build
fi
step "end-to-end tests (Playwright, Chromium)"
bash scripts/ensure-chromium.sh
PLAYWRIGHT_JSON_OUTPUT_NAME=reports/playwright.json npx playwright test --reporter=list,json

step "done"

# One closing line over both suites, in the plain form CI reads.
node -e '
const fs = require("fs");
const v = JSON.parse(fs.readFileSync("reports/vitest.json", "utf8"));
const p = JSON.parse(fs.readFileSync("reports/playwright.json", "utf8")).stats;
const passed = v.numPassedTests + p.expected;
const failed = v.numFailedTests + p.unexpected + p.flaky;
const skipped = v.numPendingTests + v.numTodoTests + p.skipped;
console.log(`\nunit/integration: ${v.numPassedTests} passed; end-to-end: ${p.expected} passed`);
const summary = `${passed} passed, ${failed} failed, ${skipped} skipped`;
fs.writeFileSync("reports/summary.txt", summary + "\n");
console.log(summary);
'
