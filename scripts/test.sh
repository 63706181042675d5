#!/usr/bin/env bash
# The test command (`npm test`): makes sure the services run, then type-checks, lints, checks that
# migrations and entities agree, builds the web app and checks its bundle budget, and runs unit,
# integration and browser tests against the real services.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "services"
bash scripts/services.sh
step "typecheck"
npx tsc --noEmit -p tsconfig.json
npm run -s web:typecheck
step "lint and format"
npx eslint .
npx prettier --check . >/dev/null || { npx prettier --check . ; echo "run npm run format" >&2; exit 1; }
step "build (what the demo and the Docker image run)"
npx nest build api >/dev/null && npx nest build worker >/dev/null
step "web app build and bundle budget (the browser tests use this build)"
npm run -s web:build >/dev/null
npm run -s web:bundle-check
step "migrations agree with entities"
bash scripts/check-migrations.sh
step "unit, integration and browser tests (screenshots: test-results/browser/)"
# Two workers for two cores: integration files each get their own database, so they can overlap.
npx jest --ci --maxWorkers=2 "$@"
