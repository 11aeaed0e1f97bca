#!/usr/bin/env bash
# The whole suite, as `npm test` runs it: lint, typecheck, unit/integration tests on real SQLite,
# a production build, and the end-to-end tests in Chromium. Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "install"
  npm install --no-audit --no-fund
fi

step "lint";       npm run --silent lint
step "typecheck";  npm run --silent typecheck
step "unit and integration tests (vitest, real SQLite)"
npx vitest run
step "build";      npm run --silent build
step "end-to-end tests (Playwright, Chromium)"
bash scripts/ensure-chromium.sh
npx playwright test
