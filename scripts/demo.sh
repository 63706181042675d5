#!/usr/bin/env bash
# `npm run demo [-- --exit]`: services, build, migrate the development database, then run the
# api and worker and walk through the story (scripts/demo.ts). Local defaults: config/development.env.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_ENV=development

bash scripts/services.sh
echo "== building api and worker"
npx nest build api >/dev/null
npx nest build worker >/dev/null
echo "== migrating the development database"
node dist/apps/api/libs/database/src/cli/migrate.js
exec node -r ts-node/register/transpile-only -r tsconfig-paths/register scripts/demo.ts "$@"
