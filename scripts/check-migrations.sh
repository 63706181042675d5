#!/usr/bin/env bash
# Fails when the entities and the migrations disagree: applies every migration to a scratch
# database, asks TypeORM to generate a migration (it must find nothing), then reverts them all and
# applies them again so that every `down` is exercised too.
set -euo pipefail
cd "$(dirname "$0")/.."

PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432}
scratch="wardwatch_schema_check_$$"
admin_url="postgres://postgres@${PGHOST}:${PGPORT}"
export DATABASE_MIGRATION_URL="${admin_url}/${scratch}"
export TS_NODE_TRANSPILE_ONLY=1
typeorm=(node -r ts-node/register -r tsconfig-paths/register node_modules/typeorm/cli.js)
datasource=libs/database/src/cli/data-source.ts

psql -q -X -v ON_ERROR_STOP=1 "${admin_url}/postgres" -c "CREATE DATABASE ${scratch}"
trap 'psql -q -X "${admin_url}/postgres" -c "DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)" >/dev/null' EXIT

"${typeorm[@]}" migration:run -d "$datasource" >/dev/null
if ! "${typeorm[@]}" migration:generate --check -d "$datasource" libs/database/src/migrations/Drift; then
  echo "db:check: the entities and the migrations disagree; write a migration for the change above." >&2
  exit 1
fi
count=$(psql -tA -X "${DATABASE_MIGRATION_URL}" -c "SELECT count(*) FROM schema_migrations")
for _ in $(seq "$count"); do "${typeorm[@]}" migration:revert -d "$datasource" >/dev/null; done
"${typeorm[@]}" migration:run -d "$datasource" >/dev/null
echo "db:check: ${count} migration(s) agree with the entities, and revert and re-apply cleanly"
