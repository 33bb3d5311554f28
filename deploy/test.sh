#!/usr/bin/env bash
# Builds OneStop.sln and runs every test project against a throw-away PostgreSQL + RabbitMQ.
# Usage: deploy/test.sh            (CI: .ci/run; no stdin, no prompts)
#
# * services: <repo>/.test-data (wiped at start), PostgreSQL 127.0.0.1:55433 with fsync off, RabbitMQ
#   127.0.0.1:5673 as node onestop-test@localhost — beside deploy/run.sh's (55432/5672, onestop@localhost).
#   Overrides: TEST_PG_PORT, TEST_AMQP_PORT, TEST_RMQ_NODENAME.
# * installs chromium, fonts-noto-core and poppler-utils with apt if missing (browser tests, PDF checks).
# * tests get ONESTOP_TEST_PG, ONESTOP_TEST_AMQP_PORT, ONESTOP_CHROMIUM, ONESTOP_WORKFLOWS.
# * whatever happens (failure, Ctrl-C, TERM) the services it started are stopped; the last line is
#   "N passed, N failed, N skipped"; exit status 0 only when the build succeeded and no test failed.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
REPO=$(dirname "$HERE")
LOG_TAG="test"
# shellcheck source=deploy/lib.sh
. "$HERE/lib.sh"
cd "$REPO" || exit 1

DATA=$REPO/.test-data
LOGS=$DATA/logs
export SERVICES_BASE=$DATA
export PG_PORT=${TEST_PG_PORT:-55433}
export AMQP_PORT=${TEST_AMQP_PORT:-5673}
export RMQ_NODENAME=${TEST_RMQ_NODENAME:-onestop-test@localhost}
export PG_DURABLE=0
unset RMQ_DIST_PORT

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 NUGET_XMLDOC_MODE=skip
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1   # the Debian chromium is used, never a downloaded one

passed=0 failed=0 skipped=0 assemblies=0 rc=0 started_services="" setup_pid="" finished=""

# VSTest prints one line per test assembly; add them up:
#   Passed!  - Failed:     0, Passed:     5, Skipped:     0, Total:     5, Duration: 5 s - X.Tests.dll (net10.0)
#   Failed!  - Failed:     1, Passed:     5, Skipped:     1, Total:     7, Duration: 8 s - X.Tests.dll (net10.0)
count_tests() {
  [ -f "$LOGS/test.log" ] || return 0
  read -r passed failed skipped assemblies < <(awk '/^ *(Passed|Failed)! +- Failed:/ {
      gsub(/,/, ""); for (i = 1; i <= NF; i++) { if ($i=="Failed:") f+=$(i+1); if ($i=="Passed:") p+=$(i+1); if ($i=="Skipped:") s+=$(i+1) } n++ }
      END { printf "%d %d %d %d\n", p, f, s, n }' "$LOGS/test.log")
}

# ---------------------------------------------------------------- cleanup: always, exactly once, then the summary
on_exit() {
  local status=$?
  trap - EXIT INT TERM
  [ "$rc" = 0 ] && rc=$status
  [ -z "$finished" ] && [ "$rc" = 0 ] && rc=1
  if [ -n "$setup_pid" ] && kill -0 "$setup_pid" 2>/dev/null; then
    log "waiting for the service setup to finish before stopping the services ..."
    wait "$setup_pid" 2>/dev/null
  fi
  if [ -n "$started_services" ]; then
    "$HERE/services.sh" down 2>&1 | sed 's/^/  /'
  fi
  [ -z "$finished" ] && count_tests   # interrupted during the tests: count what finished
  # a failing exit without a counted failure (build error, crash, interrupt) counts as one failure
  if [ "$rc" != 0 ] && [ "$failed" = 0 ]; then failed=1; fi
  log "finished in $(elapsed) (exit $rc)"
  echo "$passed passed, $failed failed, $skipped skipped"
  exit "$rc"
}
trap on_exit EXIT
trap 'log "interrupted"; rc=130; exit 130' INT
trap 'log "terminated"; rc=143; exit 143' TERM

# ---------------------------------------------------------------- prerequisites
command -v dotnet >/dev/null 2>&1 && dotnet --list-sdks 2>/dev/null | grep -q '^10\.' ||
  die "the .NET 10 SDK is required: install dotnet-sdk-10.0 (https://dot.net/install) so that 'dotnet --list-sdks' shows a 10.x SDK."

# wipe the previous run (stopping its services first if a killed run left them behind)
"$HERE/services.sh" purge >/dev/null 2>&1 || true
rm -rf "$DATA"
mkdir -p "$LOGS"

# ---------------------------------------------------------------- services + browser packages, in the background
# They are needed only by the tests, so they come up while the solution builds.
setup() {
  local need=()
  [ -x /usr/bin/chromium ] || need+=(chromium)
  [ -d /usr/share/fonts/truetype/noto ] || need+=(fonts-noto-core)
  command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
  if [ ${#need[@]} -gt 0 ]; then
    ( apt_install "$LOGS/apt-test.log" "${need[@]}" ) || return 1
  fi
  "$HERE/services.sh" up
}
started_services=1
setup >"$LOGS/setup.log" 2>&1 </dev/null &
setup_pid=$!
log "starting services in the background (log: .test-data/logs/setup.log)"

# ---------------------------------------------------------------- build
# --disable-build-servers: no MSBuild/compiler server outlives the build (it would hold a CI pipe open).
log "dotnet build OneStop.sln -c Release ..."
dotnet build OneStop.sln -c Release -nologo -v:minimal --disable-build-servers </dev/null 2>&1 |
  tee "$LOGS/build.log" | grep -E --line-buffered ' -> |Build succeeded|Build FAILED|Time Elapsed|Restored'
if [ "${PIPESTATUS[0]}" != 0 ]; then
  echo "---------------------------------------------------------------- build errors"
  grep -E ': (error|warning) ' "$LOGS/build.log" | sort -u | head -100
  log "build failed after $(elapsed) (full log: .test-data/logs/build.log)"
  rc=1; exit 1
fi
log "built after $(elapsed)"

# ---------------------------------------------------------------- wait for the services
wait "$setup_pid"; setup_status=$?; setup_pid=
sed 's/^/  /' "$LOGS/setup.log"
if [ "$setup_status" != 0 ]; then
  log "service setup failed (log: .test-data/logs/setup.log)"
  rc=1; exit 1
fi

# ---------------------------------------------------------------- tests
export ONESTOP_TEST_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres"
export ONESTOP_TEST_AMQP_PORT=$AMQP_PORT
export ONESTOP_CHROMIUM=/usr/bin/chromium
export ONESTOP_WORKFLOWS=$REPO/workflows

log "dotnet test OneStop.sln --no-build -c Release ..."
dotnet test OneStop.sln --no-build -c Release -nologo --results-directory "$DATA/TestResults" \
    --blame-hang-timeout 10m --blame-hang-dump-type none </dev/null 2>&1 | tee "$LOGS/test.log"
test_status=${PIPESTATUS[0]}

count_tests
log "tests ran in $assemblies assemblies, dotnet test exit $test_status, after $(elapsed)"

if [ "$test_status" != 0 ] || [ "$failed" != 0 ]; then
  echo "---------------------------------------------------------------- failing output"
  # the block of each failed test (name, message, stack, captured output) and any run-level error
  awk '/^ *Failed [^!]/ { show = 1 }
       /^ *(Passed|Skipped) [^!]/ || /^ *(Passed|Failed)! +- / { show = 0 }
       /error|Error|Test Run Aborted|crashed|hang/ && !show { print; next }
       show { print }' "$LOGS/test.log" | head -400
  echo "(full log: .test-data/logs/test.log; results: .test-data/TestResults)"
  rc=1
fi
finished=1
exit "$rc"
