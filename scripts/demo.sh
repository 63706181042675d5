#!/usr/bin/env bash
# `npm run demo [-- --exit]`: services, build, migrate the development database, then run the
# api and worker and walk through the story (scripts/demo.ts). Local defaults: config/development.env.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_ENV=development

case "${1:-}" in
  -h | --help)
    cat <<'USAGE'
usage: npm run demo [-- --exit]
  Installs what is missing (apt, as root), starts PostgreSQL, Redis and the local S3 store, builds,
  migrates the development database (config/development.env), starts the API, the worker and the
  simulated cameras, and tells the story over the HTTP API. It keeps running and prints how to log
  in; with --exit it stops when done and prints a one-line JSON summary last.
  Needs free TCP ports on 127.0.0.1: API_PORT (3000), WORKER_METRICS_PORT (9464), 9100 (S3 store),
  18000 (simulator control) and 18080-18084 (simulated cameras).
USAGE
    exit 0
    ;;
  "" | --exit) ;;
  *) echo "demo: unknown option '$1' (use --exit, or --help)" >&2; exit 2 ;;
esac

# The ports the demo's own processes listen on: a taken one would fail minutes later, mid-story.
# (9100, the S3 store, is checked by services.sh, which may be serving it already.)
for port in "${API_PORT:-3000}" "${WORKER_METRICS_PORT:-9464}" 18000 18080 18081 18082 18083 18084; do
  if node -e 'const s=require("net").createServer().once("error",()=>process.exit(1)).listen(+process.argv[1],"127.0.0.1",()=>s.close())' "$port"; then
    :
  else
    echo "demo: port $port on 127.0.0.1 is already in use; stop what holds it (\`ss -ltnp 'sport = :$port'\` shows it) and run again" >&2
    exit 1
  fi
done

bash scripts/services.sh
echo "== building api and worker"
npx nest build api >/dev/null
npx nest build worker >/dev/null
echo "== migrating the development database"
node dist/apps/api/libs/database/src/cli/migrate.js
exec node -r ts-node/register/transpile-only -r tsconfig-paths/register scripts/demo.ts "$@"
