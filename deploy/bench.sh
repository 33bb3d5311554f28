#!/usr/bin/env bash
# The performance benchmark of issue #6 in one command.        Usage: deploy/bench.sh [--quick]
#
#   Starts its own PostgreSQL + RabbitMQ (deploy/services.sh, fresh cluster in BENCH_BASE, fsync on), publishes the
#   web app, CLI, migrator and tests/OneStop.Benchmarks in Release (app and load generator ReadyToRun), migrates, seeds the
#   demo organisation, starts the app with the benchmark's limits, then runs: bulk data (100 k dossiers) → a warm-up load
#   (not measured) → lifecycle load at full speed → the same at
#   half that rate → pgbench with the SQL of one transition → read paths at 100 k → bulk data up to 1 M → read paths
#   at 1 M → micro-benchmarks (app stopped); finally writes docs/benchmarks.md. Stops everything it started.
#   --quick: small sizes and short runs (a smoke test of the whole chain, a few minutes).
#
# Environment: BENCH_BASE (/tmp/onestop-benchrun; deleted and recreated), BENCH_PG_PORT (55490), BENCH_AMQP_PORT (5790),
#   BENCH_RMQ_NODENAME (onestop-bench@localhost), BENCH_WEB_PORT (5890), BENCH_CLIENTS (64 / quick 16),
#   BENCH_SECONDS (120 / quick 20).
#
# The benchmark instance raises the citizen lookup's per-IP rate limit (Lookup__PermitLimit / WindowSeconds): every
# virtual citizen comes from 127.0.0.1. The defaults of a real deployment are untouched. Sign-in lockout only counts
# wrong passwords, which the load never sends.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
REPO=$(dirname "$HERE")
LOG_TAG=bench
# shellcheck source=deploy/lib.sh
. "$HERE/lib.sh"
cd "$REPO" || exit 1

QUICK=0
case ${1:-} in
  --quick) QUICK=1 ;;
  "") ;;
  *) echo "usage: $0 [--quick]" >&2; exit 2 ;;
esac
if [ "$QUICK" = 1 ]; then
  CLIENTS=${BENCH_CLIENTS:-16}; SECONDS_LOAD=${BENCH_SECONDS:-20}; HALF_SECONDS=15; PG_SECONDS=10; WARM_SECONDS=10
  DATA_FIRST=2000; DATA_TOTAL=5000; READS=30; MICRO=--quick
else
  CLIENTS=${BENCH_CLIENTS:-64}; SECONDS_LOAD=${BENCH_SECONDS:-120}; HALF_SECONDS=60; PG_SECONDS=60; WARM_SECONDS=90
  DATA_FIRST=100000; DATA_TOTAL=1000000; READS=300; MICRO=
fi

BASE=${BENCH_BASE:-/tmp/onestop-benchrun}
export SERVICES_BASE=$BASE/services PG_PORT=${BENCH_PG_PORT:-55490} AMQP_PORT=${BENCH_AMQP_PORT:-5790}
export RMQ_NODENAME=${BENCH_RMQ_NODENAME:-onestop-bench@localhost} PG_DURABLE=1
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 NUGET_XMLDOC_MODE=skip
URL=http://127.0.0.1:${BENCH_WEB_PORT:-5890}
APP=$BASE/app LOGS=$BASE/logs RESULTS=$BASE/results WEB_PID=$BASE/web.pid
COMMAND="deploy/bench.sh${1:+ $1}  (clients $CLIENTS, warm-up ${WARM_SECONDS}s, load ${SECONDS_LOAD}s, data $DATA_FIRST → $DATA_TOTAL dossiers)"

port_in_use "$(url_port "$URL")" && die "port $(url_port "$URL") is in use; choose another with BENCH_WEB_PORT."
"$HERE/services.sh" purge >/dev/null 2>&1 || true
rm -rf "$BASE"
mkdir -p "$APP" "$LOGS" "$RESULTS"

stop_web() {
  local pid
  if pid=$(live_pid "$WEB_PID") && pid_cmdline_has "$pid" OneStop.Web.dll; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$WEB_PID"
}
cleanup() { stop_web; "$HERE/services.sh" down >/dev/null 2>&1 || true; }
trap cleanup EXIT

# run_step NAME COMMAND... — output in $LOGS/NAME.log, shown (tail) on failure
run_step() {
  local name=$1 status=0; shift
  log "$name ..."
  "$@" </dev/null >"$LOGS/$name.log" 2>&1 || status=$?
  if [ "$status" != 0 ]; then
    tail -30 "$LOGS/$name.log" >&2
    die "'$name' failed (exit $status; log: $LOGS/$name.log)."
  fi
}

"$HERE/services.sh" up

publish() { dotnet publish "$2" -c Release -o "$APP/$1" -nologo -v:minimal --disable-build-servers "${@:3}"; }
# The app and the load generator ahead-of-time compiled (ReadyToRun), as a production image would be: a freshly started
# load generator otherwise spends a third of its CPU in the JIT, on the two cores it shares with what it measures.
R2R=(-r linux-x64 --self-contained false -p:PublishReadyToRun=true)
run_step publish-web publish web src/OneStop.Web/OneStop.Web.csproj "${R2R[@]}"
run_step publish-cli publish cli src/OneStop.Cli/OneStop.Cli.csproj
run_step publish-migrator publish migrator migrations/OneStop.Migrations/OneStop.Migrations.csproj
run_step publish-bench publish bench tests/OneStop.Benchmarks/OneStop.Benchmarks.csproj "${R2R[@]}"

export ConnectionStrings__OneStop="Host=127.0.0.1;Port=$PG_PORT;Database=onestop;Username=postgres"
export RabbitMq__Host=127.0.0.1 RabbitMq__Port=$AMQP_PORT RabbitMq__Username=guest RabbitMq__Password=guest
export ONESTOP_WORKFLOWS=$REPO/workflows ONESTOP_DEMO_PASSWORD=Demo-Pass-2026 Storage__Path=$BASE/files
run_step migrate dotnet "$APP/migrator/OneStop.Migrations.dll" migrate
run_step seed dotnet "$APP/cli/onestop.dll" seed --demo

start_web() {
  ( cd "$APP/web" || exit 1
    export ASPNETCORE_URLS=$URL Lookup__PermitLimit=100000 Lookup__WindowSeconds=1 Logging__LogLevel__Default=Warning
    exec setsid sh -c 'echo $$ >"$0"; exec "$1" OneStop.Web.dll' "$WEB_PID" "$(command -v dotnet)"
  ) </dev/null >>"$LOGS/web.log" 2>&1 &
  local code=000
  for _ in $(seq 1 180); do
    code=$(http_status "$URL/health/ready")
    [ "$code" = 200 ] && break
    sleep 1
  done
  [ "$code" = 200 ] || { tail -30 "$LOGS/web.log" >&2; die "the web app did not become ready at $URL (log: $LOGS/web.log)."; }
}
start_web
log "web app ready at $URL"

bench() { dotnet "$APP/bench/onestop-bench.dll" "$@"; }
run_step data-first bench data --dossiers "$DATA_FIRST"
# Not measured: the app's JIT tiers its hot code up during the first minutes of traffic (steady state is what a
# running office sees); the warm-up's own figures stay in its log.
run_step warm-up bench load "$URL" --clients "$CLIENTS" --seconds "$WARM_SECONDS" --seed 9
run_step load bench load "$URL" --clients "$CLIENTS" --seconds "$SECONDS_LOAD" --json "$RESULTS/load.json"
SUSTAINED=$(jq -r '.sustainedTransitionsPerSecond' "$RESULTS/load.json")
HALF=$(awk -v s="$SUSTAINED" 'BEGIN { h = s / 2; if (h < 1) h = 1; printf "%.1f", h }')
run_step half-load bench load "$URL" --clients "$CLIENTS" --seconds "$HALF_SECONDS" --rate "$HALF" --seed 2 --json "$RESULTS/half.json"
run_step pgbench bench pgbench --clients "$CLIENTS" --seconds "$PG_SECONDS" --json "$RESULTS/pgbench.json"
run_step reads-first bench reads "$URL" --requests "$READS" --max-seconds 40 --json "$RESULTS/reads-1.json"
run_step data-rest bench data --dossiers "$((DATA_TOTAL - DATA_FIRST))" --seed 3
run_step reads-total bench reads "$URL" --requests "$READS" --max-seconds 40 --json "$RESULTS/reads-2.json"
stop_web
run_step micro bench micro $MICRO --json "$RESULTS/micro.json"

{
  echo "Ngày chạy:   $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "CPU:         $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1), $(nproc) lõi"
  echo "Bộ nhớ:      $(free -g 2>/dev/null | awk '/^Mem:/ { print $2 " GiB" }')"
  echo "Hệ điều hành: $(uname -sr)"
  echo ".NET:        $(dotnet --version)"
  echo "PostgreSQL:  $("$(newest_pg_bin)/postgres" --version) (fsync bật, cụm riêng)"
  echo "RabbitMQ:    $(dpkg-query -W -f '${Version}' rabbitmq-server 2>/dev/null || echo '?')"
  echo "Mã nguồn:    $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
} >"$RESULTS/machine.txt"
echo "$COMMAND" >"$RESULTS/command.txt"
run_step report bench report --results "$RESULTS" --out "$REPO/docs/benchmarks.md"
log "docs/benchmarks.md written after $(elapsed) (results: $RESULTS, logs: $LOGS)"
