#!/usr/bin/env bash
# Runs OneStop locally on a fresh Debian machine.        Usage: deploy/run.sh [stop]
#
#   deploy/run.sh        install what is missing, start PostgreSQL + RabbitMQ (data in <repo>/.data, kept across
#                        runs), publish web/CLI/migrator to .data/app, migrate, seed the demo data, install the
#                        'onestop' command, (re)start the web app on ONESTOP_URL and print the demo logins.
#   deploy/run.sh stop   stop the web app, RabbitMQ and PostgreSQL started by this script (nothing else).
#
# Environment: ONESTOP_URL (http://127.0.0.1:5080), PG_PORT (55432), AMQP_PORT (5672),
#   RMQ_NODENAME (onestop@localhost), ONESTOP_DEMO_PASSWORD (generated once into .data/demo-password),
#   WEB_START_TIMEOUT (seconds to wait for /health/ready, 180).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
REPO=$(dirname "$HERE")
LOG_TAG=run
# shellcheck source=deploy/lib.sh
. "$HERE/lib.sh"
cd "$REPO" || exit 1

DATA=$REPO/.data
LOGS=$DATA/logs
APP=$DATA/app
WEB_PID=$DATA/web.pid
export SERVICES_BASE=$DATA
export PG_PORT=${PG_PORT:-55432}
export AMQP_PORT=${AMQP_PORT:-5672}
export RMQ_NODENAME=${RMQ_NODENAME:-onestop@localhost}
export PG_DURABLE=1
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 NUGET_XMLDOC_MODE=skip
ONESTOP_URL=${ONESTOP_URL:-http://127.0.0.1:5080}
ONESTOP_URL=${ONESTOP_URL%/}
WEB_START_TIMEOUT=${WEB_START_TIMEOUT:-180}

# ---------------------------------------------------------------- web app process
web_pid() { local p; p=$(live_pid "$WEB_PID") && pid_cmdline_has "$p" OneStop.Web.dll && echo "$p"; }

stop_web() {
  local pid
  if pid=$(web_pid); then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && { log "web app pid $pid still alive, sending KILL"; kill -9 "$pid" 2>/dev/null || true; }
    log "web app stopped (pid $pid)"
  else
    log "web app not running"
  fi
  rm -f "$WEB_PID"
}

case ${1:-} in
  stop)
    stop_web
    "$HERE/services.sh" down
    exit 0 ;;
  "") ;;
  *) echo "usage: $0 [stop]" >&2; exit 2 ;;
esac

# ---------------------------------------------------------------- prerequisites
command -v dotnet >/dev/null 2>&1 && dotnet --list-sdks 2>/dev/null | grep -q '^10\.' ||
  die "the .NET 10 SDK is required: install dotnet-sdk-10.0 (https://dot.net/install) so that 'dotnet --list-sdks' shows a 10.x SDK."
case $ONESTOP_URL in http://*) ;; *) die "ONESTOP_URL must be an http:// URL such as http://127.0.0.1:5080 (got '$ONESTOP_URL')." ;; esac
mkdir -p "$DATA" "$LOGS" "$APP"

# a web app started by an earlier run is restarted, so its port is free again
stop_web
WEB_PORT=$(url_port "$ONESTOP_URL")
port_in_use "$WEB_PORT" &&
  die "port $WEB_PORT ($ONESTOP_URL) is already in use by another process; stop it, or choose another address with ONESTOP_URL=http://127.0.0.1:<port>."

# ---------------------------------------------------------------- services
"$HERE/services.sh" up

# ---------------------------------------------------------------- publish (skipped when the sources are unchanged)
# Fingerprint of everything that goes into the binaries: tracked and untracked (not ignored) source files.
source_stamp() {
  {
    dotnet --version
    if git -C "$REPO" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
      git -C "$REPO" ls-files -z -c -o --exclude-standard -- src migrations '*.props' '*.targets' global.json \
        BannedSymbols.txt .editorconfig OneStop.sln | sort -z | xargs -0 -r sha256sum 2>/dev/null
    else
      find src migrations -type f -not -path '*/bin/*' -not -path '*/obj/*' -print0 | sort -z | xargs -0 -r sha256sum
      sha256sum ./*.props global.json 2>/dev/null
    fi
  } | sha256sum | cut -c1-64
}
publish() { # publish NAME PROJECT
  local name=$1 project=$2
  rm -rf "${APP:?}/$name"
  if ! dotnet publish "$project" -c Release -o "$APP/$name" -nologo -v:minimal --disable-build-servers \
      </dev/null >"$LOGS/publish-$name.log" 2>&1; then
    grep -E ': (error|warning) ' "$LOGS/publish-$name.log" | sort -u | head -60 >&2
    tail -5 "$LOGS/publish-$name.log" >&2
    die "publishing $project failed (log: .data/logs/publish-$name.log)."
  fi
}
stamp=$(source_stamp)
if [ "$(cat "$APP/.stamp" 2>/dev/null)" = "$stamp" ] && [ -f "$APP/web/OneStop.Web.dll" ] &&
   [ -f "$APP/cli/onestop.dll" ] && [ -f "$APP/migrator/OneStop.Migrations.dll" ]; then
  log "sources unchanged since the last publish; reusing .data/app"
else
  rm -f "$APP/.stamp"
  log "publishing web, cli and migrator (Release) to .data/app ..."
  publish web src/OneStop.Web/OneStop.Web.csproj
  publish cli src/OneStop.Cli/OneStop.Cli.csproj
  publish migrator migrations/OneStop.Migrations/OneStop.Migrations.csproj
  echo "$stamp" >"$APP/.stamp"
  log "published after $(elapsed)"
fi

# ---------------------------------------------------------------- configuration (ASP.NET env-var form)
if [ -z "${ONESTOP_DEMO_PASSWORD:-}" ]; then
  if [ ! -s "$DATA/demo-password" ]; then
    # letters, digits and a symbol: satisfies ASP.NET Identity's default password rules
    ( umask 077; printf 'Os-%s-%s\n' "$(tr -dc 'A-Za-z0-9' </dev/urandom | head -c 12)" \
        "$(tr -dc '0-9' </dev/urandom | head -c 2)" >"$DATA/demo-password" )
  fi
  ONESTOP_DEMO_PASSWORD=$(head -1 "$DATA/demo-password")
fi
export ONESTOP_DEMO_PASSWORD ONESTOP_URL
export ConnectionStrings__OneStop="Host=127.0.0.1;Port=$PG_PORT;Database=onestop;Username=postgres"
export RabbitMq__Host=127.0.0.1 RabbitMq__Port=$AMQP_PORT RabbitMq__Username=guest RabbitMq__Password=guest
export ONESTOP_WORKFLOWS=$REPO/workflows
# Scans live in .data/files, outside the published app (republishing must not touch them); backup.sh reads them there.
export Storage__Path=$DATA/files

# run_step NAME COMMAND... — runs a step with its output in .data/logs/NAME.log; shows the tail on failure
run_step() {
  local name=$1 status=0; shift
  "$@" </dev/null >"$LOGS/$name.log" 2>&1 || status=$?
  if [ "$status" != 0 ]; then
    tail -30 "$LOGS/$name.log" >&2
    die "'$name' failed (exit $status; log: .data/logs/$name.log)."
  fi
}
log "applying database migrations ..."
run_step migrate dotnet "$APP/migrator/OneStop.Migrations.dll" migrate
log "loading the procedure catalogue and the demo organisation and users ..."
run_step seed dotnet "$APP/cli/onestop.dll" seed --demo

# ---------------------------------------------------------------- the 'onestop' command
# .data/bin/onestop always; copied to /usr/local/bin when root. Defaults can be overridden by the caller's env.
DOTNET=$(command -v dotnet)
mkdir -p "$DATA/bin"
cat >"$DATA/bin/onestop" <<EOF
#!/bin/sh
# onestop CLI wrapper, written by $REPO/deploy/run.sh (re-run it to refresh this file)
if [ ! -f '$APP/cli/onestop.dll' ]; then
  echo "onestop: $APP/cli/onestop.dll is missing; run $REPO/deploy/run.sh first." >&2; exit 1
fi
export ConnectionStrings__OneStop="\${ConnectionStrings__OneStop:-$ConnectionStrings__OneStop}"
export RabbitMq__Host="\${RabbitMq__Host:-127.0.0.1}" RabbitMq__Port="\${RabbitMq__Port:-$AMQP_PORT}"
export RabbitMq__Username="\${RabbitMq__Username:-guest}" RabbitMq__Password="\${RabbitMq__Password:-guest}"
export ONESTOP_WORKFLOWS="\${ONESTOP_WORKFLOWS:-$REPO/workflows}" ONESTOP_URL="\${ONESTOP_URL:-$ONESTOP_URL}"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
exec '$DOTNET' '$APP/cli/onestop.dll' "\$@"
EOF
chmod 755 "$DATA/bin/onestop"
if is_root; then
  if [ -e /usr/local/bin/onestop ] && ! grep -q 'written by .*deploy/run.sh' /usr/local/bin/onestop 2>/dev/null; then
    log "not replacing /usr/local/bin/onestop (not written by run.sh); use $DATA/bin/onestop"
  else
    install -m 755 "$DATA/bin/onestop" /usr/local/bin/onestop
    ONESTOP_CMD=onestop
  fi
fi
ONESTOP_CMD=${ONESTOP_CMD:-$DATA/bin/onestop}

# ---------------------------------------------------------------- start the web app
# setsid + every fd redirected — on the subshell itself, which must not keep the caller's terminal or pipe
# open either (`run.sh | tee` would never end). The content root is the publish folder (wwwroot is found
# relative to the working directory).
printf '\n===== %s  starting on %s\n' "$(date '+%F %T')" "$ONESTOP_URL" >>"$LOGS/web.log"
( cd "$APP/web" || exit 1
  export ASPNETCORE_URLS=$ONESTOP_URL
  exec setsid sh -c 'echo $$ >"$0"; exec "$1" OneStop.Web.dll' "$WEB_PID" "$DOTNET"
) </dev/null >>"$LOGS/web.log" 2>&1 &
for _ in $(seq 1 50); do [ -s "$WEB_PID" ] && break; sleep 0.1; done
log "web app starting (pid $(cat "$WEB_PID" 2>/dev/null)); waiting for $ONESTOP_URL/health/ready ..."
deadline=$(( $(date +%s) + WEB_START_TIMEOUT ))
code=000
while :; do
  code=$(http_status "$ONESTOP_URL/health/ready")
  [ "$code" = 200 ] && break
  if ! web_pid >/dev/null; then
    tail -40 "$LOGS/web.log" >&2
    rm -f "$WEB_PID"
    die "the web app exited during start-up (log: .data/logs/web.log)."
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    tail -40 "$LOGS/web.log" >&2
    die "the web app did not report ready at $ONESTOP_URL/health/ready within ${WEB_START_TIMEOUT}s (last status $code; log: .data/logs/web.log); it is still running, 'deploy/run.sh stop' stops it."
  fi
  sleep 1
done
log "ready after $(elapsed)"

cat <<EOF

OneStop is running.
  Web app:   $ONESTOP_URL
  API docs:  $ONESTOP_URL/scalar/v1
  Log:       $LOGS/web.log
  CLI:       $ONESTOP_CMD calendar due --from 2025-07-01T08:00 --working-days 5
  Stop:      $REPO/deploy/run.sh stop

Demo logins (all with the same password):
  tiepnhan      Cán bộ tiếp nhận, Bộ phận Một cửa
  chuyenvien    Chuyên viên xử lý hồ sơ
  chuyenvien2   Chuyên viên xử lý hồ sơ (người thứ hai)
  lanhdao       Lãnh đạo phê duyệt (Chủ tịch UBND xã)
  truongphong   Trưởng phòng Văn hóa – Xã hội (phân công, duyệt)
  giamsat       Giám sát, theo dõi
  quantri       Quản trị hệ thống
Demo password: $ONESTOP_DEMO_PASSWORD
EOF
