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
  simulated cameras of the demo ward, Him Lam, Điện Biên Phủ (config/demo/him-lam.geojson, synthetic:
  350 cameras of 58 residents; cameras 1-5 stream video, the rest are event-only), enrols them and tells
  the story over the HTTP API. It keeps running and prints the web address and the logins; with --exit
  it stops when done and prints a one-line JSON summary last.
  Needs free TCP ports on 127.0.0.1: API_PORT (3000), WORKER_METRICS_PORT (9464), 9100 (S3 store),
  DEMO_SIM_CONTROL_PORT (18000, simulator control) and DEMO_SIM_BASE_PORT.. (18080-18429, one per
  simulated camera: camera n on base + n - 1; cameras 1-5, 18080-18084, have video).
  DEMO_CAMERAS=N runs only the ward's first N cameras (at least 5), for a quicker look.
USAGE
    exit 0
    ;;
  "" | --exit) ;;
  *) echo "demo: unknown option '$1' (use --exit, or --help)" >&2; exit 2 ;;
esac

# The ports the demo's own processes listen on: a taken one would fail minutes later, mid-story.
# (9100, the S3 store, is checked by services.sh, which may be serving it already.) One node process
# checks them all, the simulator's whole camera range included.
node - "${API_PORT:-3000}" "${WORKER_METRICS_PORT:-9464}" "${DEMO_SIM_CONTROL_PORT:-18000}" \
  "${DEMO_SIM_BASE_PORT:-18080}" "${DEMO_CAMERAS:-}" <<'NODE' || exit 1
const net = require('net');
const [api, metrics, control, base, wanted] = process.argv.slice(2);
const all = JSON.parse(require('fs').readFileSync('config/demo/him-lam.geojson', 'utf8')).features.filter(
  (f) => f.properties.layer === 'camera',
).length;
const cameras = wanted ? Number(wanted) : all;
if (!Number.isInteger(cameras) || cameras < 5 || cameras > all) {
  console.error(`demo: DEMO_CAMERAS must be a whole number from 5 to ${all}, not "${wanted}"`);
  process.exit(1);
}
const ports = [+api, +metrics, +control, ...Array.from({ length: cameras }, (_, i) => +base + i)];
const free = (port) =>
  new Promise((done) => {
    const s = net.createServer().once('error', () => done(false));
    s.listen(port, '127.0.0.1', () => s.close(() => done(true)));
  });
Promise.all(ports.map(free)).then((answers) => {
  const taken = ports.filter((_, i) => !answers[i]);
  if (taken.length === 0) return;
  const [port] = taken;
  console.error(
    `demo: port ${port} on 127.0.0.1 is already in use${taken.length > 1 ? ` (and ${taken.length - 1} more: ${taken.slice(1, 6).join(', ')}${taken.length > 6 ? ', …' : ''})` : ''}; ` +
      `stop what holds it (\`ss -ltnp 'sport = :${port}'\` shows it) or choose other ports ` +
      `(API_PORT, WORKER_METRICS_PORT, DEMO_SIM_CONTROL_PORT, DEMO_SIM_BASE_PORT), and run again`,
  );
  process.exit(1);
});
NODE

bash scripts/services.sh
# Build unless dist/ is newer than every source and build file (as make decides): the build is half of
# a re-run's time on two shared cores. The stamp is taken before building, so an edit made during the
# build still counts as newer next time.
# Kept in .data/ (made by services.sh; not in dist/, which does not exist before the first build).
mkdir -p .data
stamp=.data/demo-build-stamp
changed=$(find apps libs package.json package-lock.json tsconfig.json tsconfig.build.json nest-cli.json \
  \( -name node_modules -o -path apps/web/dist \) -prune -o -newer "$stamp" -print -quit 2>/dev/null || true)
if [ -f "$stamp" ] && [ -f dist/apps/api/apps/api/src/main.js ] && [ -f dist/apps/worker/apps/worker/src/main.js ] \
  && [ -f apps/web/dist/index.html ] && [ -z "$changed" ]; then
  echo "== api, worker and web app are built and nothing changed since"
else
  echo "== building api, worker and web app"
  touch "$stamp.next"
  npx nest build api >/dev/null
  npx nest build worker >/dev/null
  # The API serves the web app at / from apps/web/dist (WEB_DIST_DIR).
  npm run -s web:build >/dev/null
  mv "$stamp.next" "$stamp"
fi
echo "== migrating the development database"
node dist/apps/api/libs/database/src/cli/migrate.js
exec node -r ts-node/register/transpile-only -r tsconfig-paths/register scripts/demo.ts "$@"
