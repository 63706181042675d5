#!/usr/bin/env bash
# Makes sure everything wardwatch needs on this machine is installed and running:
#   PostgreSQL 15 + PostGIS, Redis, ffmpeg/ffprobe, the GStreamer RTSP server (for the camera
#   simulator), chromium (the web app's browser tests) and a local S3 store (s3rver; production
#   uses MinIO, see deploy/).
# Idempotent: a second run changes nothing and takes about a second. Safe to run concurrently
# (runs are serialised by a lock).
#
#   bash scripts/services.sh          ensure everything is there and running
#   bash scripts/services.sh stop     stop the s3rver this script started (nothing else)
#
# Settings (environment): S3_LOCAL_PORT (default 9100), PGHOST/PGPORT (127.0.0.1/5432),
# REDIS_HOST/REDIS_PORT (127.0.0.1/6379).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DATA_DIR="$ROOT/.data"
S3_PORT=${S3_LOCAL_PORT:-9100}
S3_HOST=127.0.0.1
S3_URL="http://${S3_HOST}:${S3_PORT}"
S3_DIR="$DATA_DIR/s3rver"
S3_PIDFILE="$DATA_DIR/s3rver.pid"
S3_LOG="$DATA_DIR/s3rver.log"
PG_HOST=${PGHOST:-127.0.0.1}
PG_PORT=${PGPORT:-5432}
REDIS_HOST=${REDIS_HOST:-127.0.0.1}
REDIS_PORT=${REDIS_PORT:-6379}
WAIT_SECONDS=30
APP_ROLE=wardwatch_app
APP_DB=wardwatch

fail() { echo "services: ERROR: $*" >&2; exit 1; }
say() { echo "$*"; }

# ---------------------------------------------------------------------------------------------
# stop: only the s3rver we started, identified by pidfile and command line.
# ---------------------------------------------------------------------------------------------
is_our_s3rver() { # pid
  local pid=$1 cmd
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [ -r "/proc/$pid/cmdline" ] || return 1
  cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ "$cmd" == *s3rver* && "$cmd" == *"$S3_DIR"* ]]
}

stop_s3rver() {
  if [ ! -f "$S3_PIDFILE" ]; then
    say "s3 (s3rver): not started by this script (no $S3_PIDFILE); nothing to stop"
    return 0
  fi
  local pid
  pid=$(tr -dc '0-9' <"$S3_PIDFILE")
  if ! is_our_s3rver "$pid"; then
    say "s3 (s3rver): pid '${pid}' from $S3_PIDFILE is not our s3rver (gone or reused); removing the stale pidfile"
    rm -f "$S3_PIDFILE"
    return 0
  fi
  kill -TERM "$pid"
  for _ in $(seq 50); do # up to 5 s; a zombie (no cmdline) still answers kill -0 until reaped
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if is_our_s3rver "$pid"; then
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$S3_PIDFILE"
  say "s3 (s3rver): stopped (pid $pid)"
}

# ---------------------------------------------------------------------------------------------
# Serialise concurrent runs (services are machine-wide, so the lock is too).
# ---------------------------------------------------------------------------------------------
mkdir -p "$DATA_DIR"
LOCK_FILE="${TMPDIR:-/tmp}/wardwatch-services.lock"
if command -v flock >/dev/null 2>&1 && { exec 9>>"$LOCK_FILE"; } 2>/dev/null; then
  flock -w 300 9 || fail "another scripts/services.sh has held $LOCK_FILE for 5 minutes"
fi

case "${1:-start}" in
  stop) stop_s3rver; exit 0 ;;
  start | "") ;;
  -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
  *) fail "unknown command '$1' (use: start | stop)" ;;
esac

# ---------------------------------------------------------------------------------------------
# 0. Node.js: the version package.json's engines names (NestJS 11 and the test tools need it).
# ---------------------------------------------------------------------------------------------
command -v node >/dev/null 2>&1 || fail "node is not on PATH: install Node.js 20.19 or later (Debian 12's is too old; \`npx -y node@24 --version\` fetches one from the npm registry)"
node -e '
  const [major, minor] = process.versions.node.split(".").map(Number);
  process.exit((major === 20 && minor >= 19) || major >= 22 ? 0 : 1);
' || fail "node $(node --version) is too old: wardwatch needs 20.19+ (or 22+); install a newer Node.js, or run with one from the npm registry: npx -y node@24 \$(command -v npm) ..."

# ---------------------------------------------------------------------------------------------
# 1. Debian packages
# ---------------------------------------------------------------------------------------------
pkg_installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]; }

missing=()
command -v pg_ctlcluster >/dev/null 2>&1 && command -v psql >/dev/null 2>&1 && command -v pg_isready >/dev/null 2>&1 \
  || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 || missing+=(redis-server)
[ -f /usr/share/postgresql/15/extension/postgis.control ] || missing+=(postgresql-15-postgis-3)
command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 || missing+=(ffmpeg)
# The browser tests drive Debian's chromium through playwright-core (nothing downloads a browser).
[ -x /usr/bin/chromium ] || missing+=(chromium)
for p in python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good \
  gstreamer1.0-plugins-ugly gstreamer1.0-plugins-bad gstreamer1.0-x; do
  pkg_installed "$p" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "services: ERROR: missing Debian packages: ${missing[*]}" >&2
    echo "services: install them as root, then run this script again:" >&2
    echo "  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  say "packages: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt_opts=(-q -y -o DPkg::Lock::Timeout=300 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
  apt-get -q -o DPkg::Lock::Timeout=300 update >/dev/null || fail "apt-get update failed"
  apt-get install "${apt_opts[@]}" --no-install-recommends "${missing[@]}" >"$DATA_DIR/apt.log" 2>&1 \
    || { tail -n 30 "$DATA_DIR/apt.log" >&2; fail "apt-get install ${missing[*]} failed (log: $DATA_DIR/apt.log)"; }
fi

# ---------------------------------------------------------------------------------------------
# 2. PostgreSQL
# ---------------------------------------------------------------------------------------------
wait_for() { # description, command...
  local what=$1; shift
  local deadline=$((SECONDS + WAIT_SECONDS))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.5
  done
}

pg_up() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; }
if ! pg_up; then
  say "postgres: not answering on $PG_HOST:$PG_PORT, starting it"
  pg_version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  [ -n "$pg_version" ] || fail "postgres: no cluster under /etc/postgresql (is the postgresql package installed?)"
  [ -d /etc/postgresql/15 ] && pg_version=15
  pg_ctlcluster --skip-systemctl-redirect "$pg_version" main start \
    || fail "postgres: 'pg_ctlcluster $pg_version main start' failed (see /var/log/postgresql/)"
  wait_for postgres pg_up || fail "postgres: did not answer on $PG_HOST:$PG_PORT within ${WAIT_SECONDS}s (see /var/log/postgresql/)"
fi

PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres)
"${PSQL[@]}" -tAc 'SELECT 1' >/dev/null 2>"$DATA_DIR/psql.err" \
  || fail "postgres: cannot connect as the 'postgres' superuser over $PG_HOST:$PG_PORT: $(head -n 2 "$DATA_DIR/psql.err"); this setup expects 'trust' for 127.0.0.1 in pg_hba.conf"

# The application's runtime role. The migrations (run as postgres, which owns the tables) create it
# NOLOGIN when it is missing, so make sure it can log in either way.
role_login=$("${PSQL[@]}" -tAc "SELECT rolcanlogin FROM pg_roles WHERE rolname = '$APP_ROLE'")
if [ -z "$role_login" ]; then
  "${PSQL[@]}" -c "DO \$\$ BEGIN CREATE ROLE $APP_ROLE LOGIN; EXCEPTION WHEN duplicate_object THEN ALTER ROLE $APP_ROLE LOGIN; END \$\$"
  say "postgres: created role $APP_ROLE (LOGIN)"
elif [ "$role_login" != "t" ]; then
  "${PSQL[@]}" -c "ALTER ROLE $APP_ROLE LOGIN"
  say "postgres: role $APP_ROLE can now log in"
fi

db_exists() { [ "$("${PSQL[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = '$APP_DB'")" = "1" ]; }
if ! db_exists; then
  # CREATE DATABASE cannot run in a DO block; tolerate a concurrent creator.
  if "${PSQL[@]}" -c "CREATE DATABASE $APP_DB OWNER postgres" 2>"$DATA_DIR/psql.err"; then
    say "postgres: created database $APP_DB"
  elif ! db_exists; then
    fail "postgres: could not create database $APP_DB: $(cat "$DATA_DIR/psql.err")"
  fi
fi

postgis=$("${PSQL[@]}" -tAc "SELECT default_version FROM pg_available_extensions WHERE name = 'postgis'")
[ -n "$postgis" ] || fail "postgres: the PostGIS extension is not available to the running server (install postgresql-\$(pg version)-postgis-3)"
for ext in unaccent pg_trgm; do
  [ -n "$("${PSQL[@]}" -tAc "SELECT 1 FROM pg_available_extensions WHERE name = '$ext'")" ] \
    || fail "postgres: extension $ext is not available (it ships with postgresql-contrib / the server package)"
done
say "postgres: ok (PostGIS ${postgis} available; database $APP_DB, role $APP_ROLE)"

# ---------------------------------------------------------------------------------------------
# 3. Redis
# ---------------------------------------------------------------------------------------------
redis_up() { [ "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]; }
if ! redis_up; then
  say "redis: not answering on $REDIS_HOST:$REDIS_PORT, starting it"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log \
    || fail "redis: redis-server failed to start (see /var/log/redis/ci.log)"
  wait_for redis redis_up || fail "redis: did not answer PING on $REDIS_HOST:$REDIS_PORT within ${WAIT_SECONDS}s (see /var/log/redis/ci.log)"
fi
say "redis: ok"

# ---------------------------------------------------------------------------------------------
# 4. ffmpeg and the GStreamer RTSP server
# ---------------------------------------------------------------------------------------------
ffmpeg_version=$(ffmpeg -hide_banner -version 2>/dev/null | awk 'NR==1 {print $3}')
[ -n "$ffmpeg_version" ] || fail "ffmpeg: installed but 'ffmpeg -version' failed"
ffprobe -hide_banner -version >/dev/null 2>&1 || fail "ffprobe: installed but 'ffprobe -version' failed"
say "ffmpeg: ${ffmpeg_version%%-*}"
chromium_version=$(/usr/bin/chromium --headless --no-sandbox --disable-gpu --version 2>/dev/null | awk '{print $2}')
[ -n "$chromium_version" ] || fail "chromium: installed but '/usr/bin/chromium --version' failed"
say "chromium: ${chromium_version}"

# The simulator runs GStreamer through /usr/bin/python3 (the python3 on PATH may lack gi).
gst_err=$(/usr/bin/python3 -c "
import gi
gi.require_version('Gst', '1.0'); gi.require_version('GstRtspServer', '1.0')
from gi.repository import Gst, GstRtspServer
Gst.init(None)
missing = [e for e in ('videotestsrc', 'clockoverlay', 'x264enc', 'h264parse', 'rtph264pay', 'videoconvert', 'videoscale')
           if Gst.ElementFactory.find(e) is None]
if missing: raise SystemExit('missing GStreamer elements: ' + ', '.join(missing))
" 2>&1) || fail "gstreamer rtsp: /usr/bin/python3 cannot load the GStreamer RTSP server: ${gst_err##*$'\n'}"
say "gstreamer rtsp: ok"

# ---------------------------------------------------------------------------------------------
# 5. Local S3 store (s3rver)
# ---------------------------------------------------------------------------------------------
# s3rver answers GET / with a ListAllMyBucketsResult (anonymous requests are allowed).
s3_answer() { curl -s --max-time 2 "$S3_URL/" 2>/dev/null || true; }
s3_up() { [[ "$(s3_answer)" == *ListAllMyBucketsResult* ]]; }
port_taken() { curl -s -o /dev/null --max-time 2 "$S3_URL/" 2>/dev/null; }

if s3_up; then
  if [ -f "$S3_PIDFILE" ] && is_our_s3rver "$(tr -dc '0-9' <"$S3_PIDFILE")" \
    && [[ "$(tr '\0' ' ' <"/proc/$(tr -dc '0-9' <"$S3_PIDFILE")/cmdline")" == *"--port $S3_PORT "* ]]; then
    : # ours, already running
  else
    say "s3 (s3rver): reusing the S3 server already answering on $S3_URL (not started by this checkout)"
  fi
else
  if port_taken; then
    fail "s3: something that is not an S3 server answers on $S3_URL; free port $S3_PORT or set S3_LOCAL_PORT"
  fi
  S3RVER_BIN="$ROOT/node_modules/.bin/s3rver"
  [ -x "$S3RVER_BIN" ] || fail "s3: $S3RVER_BIN not found: run npm ci first"
  command -v node >/dev/null 2>&1 || fail "s3: node is not on PATH"
  # A stale pidfile whose process is still ours but not answering: replace it.
  if [ -f "$S3_PIDFILE" ]; then
    old=$(tr -dc '0-9' <"$S3_PIDFILE")
    if is_our_s3rver "$old"; then kill -TERM "$old" 2>/dev/null || true; sleep 0.5; fi
    rm -f "$S3_PIDFILE"
  fi
  mkdir -p "$S3_DIR"
  # --no-vhost-buckets: path-style for every Host header (otherwise a request to e.g.
  # http://myhost:9100/ is read as bucket "myhost"). Keys are s3rver's built-in S3RVER/S3RVER.
  # setsid + nohup + closed stdin: detached from this shell and its process group, so it
  # survives this script (and CI steps) exiting.
  # The child writes its own pid (setsid may fork) and must not inherit the lock's fd 9.
  setsid nohup sh -c 'echo $$ >"$0"; exec "$@"' "$S3_PIDFILE" \
    "$(command -v node)" "$ROOT/node_modules/s3rver/bin/s3rver.js" \
    --directory "$S3_DIR" --address "$S3_HOST" --port "$S3_PORT" --no-vhost-buckets \
    </dev/null >"$S3_LOG" 2>&1 9>&- &
  wait_for s3 s3_up || {
    tail -n 20 "$S3_LOG" >&2 || true
    fail "s3 (s3rver): did not answer on $S3_URL within ${WAIT_SECONDS}s (log: $S3_LOG)"
  }
  say "s3 (s3rver): started (pid $(cat "$S3_PIDFILE"), data $S3_DIR, log $S3_LOG)"
fi
say "s3 (s3rver): $S3_URL (access key S3RVER, secret S3RVER, region us-east-1, path-style)"
