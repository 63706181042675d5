#!/usr/bin/env bash
# The test command (`npm test`): makes sure the services run, then type-checks, lints, checks that
# migrations and entities agree, and runs unit and integration tests against the real services.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "services"
bash scripts/services.sh
step "typecheck"
npx tsc --noEmit -p tsconfig.json
step "lint"
npx eslint .
step "migrations agree with entities"
bash scripts/check-migrations.sh
step "unit and integration tests"
# Two workers for two cores: integration files each get their own database, so they can overlap.
npx jest --ci --maxWorkers=2 "$@"
