#!/usr/bin/env bash
# Private PostgreSQL + RabbitMQ on loopback, without systemd.   Usage: deploy/services.sh up|down|status|purge
#
#   up      install postgresql / rabbitmq-server with apt if missing, start both, wait until they answer
#           (idempotent: services of this base folder that already run are left alone)
#   down    stop the PostgreSQL and RabbitMQ of this base folder (by their pid files; nothing else); data is kept
#   status  print what runs; exit 0 when both run, 3 otherwise
#   purge   down, then delete the base folder (and PostgreSQL's data if it lives outside it)
#
# Environment (defaults = what deploy/run.sh uses):
#   SERVICES_BASE  base folder                    <repo>/.data
#   PG_PORT        PostgreSQL port                55432    superuser postgres, trust auth, 127.0.0.1 only
#   PG_DURABLE     1 = fsync on (keep data), 0 = fsync off (throw-away test cluster)        1
#   AMQP_PORT      RabbitMQ AMQP port             5672     guest/guest
#   RMQ_NODENAME   RabbitMQ node name             onestop@localhost  (must differ between brokers on one machine)
#   RMQ_DIST_PORT  Erlang distribution port       AMQP_PORT + 20000
#
# Gotchas kept from shared/recipes: initdb/postgres refuse root (run through runuser -u postgres); the
# /usr/sbin/rabbitmq* wrappers switch user and lose the Erlang cookie (call /usr/lib/rabbitmq/bin directly);
# start the broker with setsid and every stream redirected (or a piped CI run hangs); 'rabbitmqctl wait
# <pidfile>' is the readiness check; 'rabbitmqctl shutdown' waits where 'stop' does not.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
REPO=$(dirname "$HERE")
LOG_TAG=services
# shellcheck source=deploy/lib.sh
. "$HERE/lib.sh"

cmd=${1:-}
case $cmd in up|down|status|purge) ;; *) echo "usage: $0 up|down|status|purge" >&2; exit 2 ;; esac

BASE=${SERVICES_BASE:-$REPO/.data}
[ "$cmd" = up ] && mkdir -p "$BASE"
[ -d "$BASE" ] && BASE=$(cd "$BASE" && pwd -P)
PG_PORT=${PG_PORT:-55432}
PG_DURABLE=${PG_DURABLE:-1}
AMQP_PORT=${AMQP_PORT:-5672}
RMQ_NODENAME=${RMQ_NODENAME:-onestop@localhost}
RMQ_DIST_PORT=${RMQ_DIST_PORT:-$((AMQP_PORT + 20000))}
LOGS=$BASE/logs
RMQ=$BASE/rabbit
PGLINK=$BASE/pg            # PostgreSQL's folder (a symlink when postgres cannot reach BASE, see pg_prepare)
for p in "$PG_PORT" "$AMQP_PORT" "$RMQ_DIST_PORT"; do
  case $p in ''|*[!0-9]*) die "ports must be numbers (PG_PORT=$PG_PORT AMQP_PORT=$AMQP_PORT RMQ_DIST_PORT=$RMQ_DIST_PORT)." ;; esac
done
case $RMQ_NODENAME in *@*) ;; *) RMQ_NODENAME=$RMQ_NODENAME@localhost ;; esac

# ================================================================ PostgreSQL
pg_bin() {
  local want=
  [ -s "$(pg_dir)/data/PG_VERSION" ] && want=$(cat "$(pg_dir)/data/PG_VERSION")
  if [ -n "$want" ] && [ -x "/usr/lib/postgresql/$want/bin/postgres" ]; then echo "/usr/lib/postgresql/$want/bin"
  else newest_pg_bin; fi
}
pg_dir() { if [ -L "$PGLINK" ]; then readlink -f "$PGLINK"; else echo "$PGLINK"; fi; }
# initdb/postgres refuse to run as root: as root, run them as 'postgres'. Run from / so that a cwd under
# /root (mode 700) does not get in their way.
as_pg() { if is_root; then (cd / && runuser -u postgres -- "$@"); else (cd / && "$@"); fi; }

# Creates PostgreSQL's folder. As root, PostgreSQL runs as 'postgres', which must be able to reach it: when
# BASE is not reachable for postgres (a clone under /root, mode 700), the data goes to a folder under
# postgres's home and BASE/pg points to it.  Making /root world-searchable instead would be a silent
# security change.
pg_prepare() {
  if [ ! -e "$PGLINK" ] && [ ! -L "$PGLINK" ]; then
    if is_root && ! runuser -u postgres -- test -x "$BASE" 2>/dev/null; then
      local home key ext
      home=$(getent passwd postgres | cut -d: -f6); [ -d "$home" ] || home=/var/lib/postgresql
      key=$(printf %s "$BASE" | sha256sum | cut -c1-16)
      ext=$home/onestop/$key
      mkdir -p "$home/onestop"; chown postgres:postgres "$home/onestop"
      rm -rf "$ext"                      # leftovers of an earlier, since deleted, base folder with this path
      mkdir -p "$ext"; printf '%s\n' "$BASE" >"$ext/BASE"
      ln -s "$ext" "$PGLINK"
      log "postgres cannot reach $BASE; its data lives in $ext ($PGLINK points there)"
    else
      mkdir -p "$PGLINK"
    fi
  fi
  local d; d=$(pg_dir)
  mkdir -p "$d/data"; chmod 700 "$d/data"
  if is_root; then chown postgres:postgres "$d" "$d/data"; fi
}

# Prints the postmaster pid if this base folder's PostgreSQL runs.
pg_pid() {
  local f pid; f=$(pg_dir)/data/postmaster.pid
  pid=$(head -1 "$f" 2>/dev/null | tr -dc 0-9) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && pid_cmdline_has "$pid" "$(pg_dir)/data" && echo "$pid"
}
pg_running_port() { sed -n 4p "$(pg_dir)/data/postmaster.pid" 2>/dev/null; }

# Refuses (before anything is started) when the port is taken by something else.
pg_preflight() {
  local port
  if pg_pid >/dev/null; then
    port=$(pg_running_port)
    [ "$port" = "$PG_PORT" ] ||
      die "this base folder's PostgreSQL already runs on port $port, not $PG_PORT; stop it first ($0 down)."
  else
    port_in_use "$PG_PORT" &&
      die "port $PG_PORT (PostgreSQL) is already in use by another process; choose a free one with PG_PORT=<port>."
  fi
  return 0
}

pg_up() {
  local pid
  if pid=$(pg_pid); then log "postgres already up on 127.0.0.1:$PG_PORT (pid $pid)"; return; fi
  pg_prepare
  local bin d; bin=$(pg_bin); d=$(pg_dir)
  if [ ! -s "$d/data/PG_VERSION" ]; then
    as_pg "$bin/initdb" -D "$d/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$LOGS/initdb.log" 2>&1 ||
      { tail -20 "$LOGS/initdb.log" >&2; die "initdb failed (log: $LOGS/initdb.log)."; }
  fi
  local opts="-c listen_addresses=127.0.0.1 -p $PG_PORT -c unix_socket_directories='' -c max_connections=200"
  if [ "$PG_DURABLE" = 1 ]; then opts+=" -c fsync=on -c synchronous_commit=on -c full_page_writes=on"
  else opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"; fi
  # No -l: the postmaster inherits pg_ctl's stdout, opened here (by root if need be) in BASE/logs.
  # pg_ctl itself gives the postmaster its own session and stdin from /dev/null.
  if ! as_pg "$bin/pg_ctl" -D "$d/data" -w -t 90 -o "$opts" start >>"$LOGS/postgres.log" 2>&1 </dev/null; then
    tail -20 "$LOGS/postgres.log" >&2
    die "PostgreSQL did not start on 127.0.0.1:$PG_PORT (log: $LOGS/postgres.log)."
  fi
  for _ in $(seq 1 120); do "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" && break; sleep 0.25; done
  "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" ||
    { tail -20 "$LOGS/postgres.log" >&2; die "PostgreSQL does not answer on 127.0.0.1:$PG_PORT (log: $LOGS/postgres.log)."; }
  log "postgres ready on 127.0.0.1:$PG_PORT (fsync $([ "$PG_DURABLE" = 1 ] && echo on || echo off)) after $(elapsed)"
}

pg_down() {
  local pid
  if pid=$(pg_pid); then
    as_pg "$(pg_bin)/pg_ctl" -D "$(pg_dir)/data" -m fast -w -t 60 stop >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && { log "postgres pid $pid still alive, sending KILL"; kill -9 "$pid" 2>/dev/null || true; }
    log "postgres stopped"
  else
    log "postgres not running"
  fi
}

# ================================================================ RabbitMQ
write_rmq_env() {
  mkdir -p "$RMQ"/{home,mnesia,log}
  cat >"$RMQ/env.sh" <<EOF
export HOME=$RMQ/home
export RABBITMQ_NODENAME=$RMQ_NODENAME
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT=$AMQP_PORT
export RABBITMQ_DIST_PORT=$RMQ_DIST_PORT
export ERL_EPMD_ADDRESS=127.0.0.1
export RABBITMQ_MNESIA_BASE=$RMQ/mnesia
export RABBITMQ_LOG_BASE=$RMQ/log
export RABBITMQ_PID_FILE=$RMQ/rabbit.pid
export RABBITMQ_ENABLED_PLUGINS_FILE=$RMQ/enabled_plugins
export RABBITMQ_CONFIG_FILE=$RMQ/rabbitmq
export RABBITMQ_ADVANCED_CONFIG_FILE=$RMQ/advanced.config
export RABBITMQ_CONF_ENV_FILE=$RMQ/rabbitmq-env.conf
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
export PATH=/usr/lib/rabbitmq/bin:\$PATH
EOF
  [ -f "$RMQ/enabled_plugins" ] || echo '[].' >"$RMQ/enabled_plugins"
  [ -f "$RMQ/rabbitmq-env.conf" ] || : >"$RMQ/rabbitmq-env.conf"
}
load_rmq_env() { # shellcheck disable=SC1091
  . "$RMQ/env.sh"; }

# epmd (Erlang port mapper, 127.0.0.1:4369) is shared by every Erlang node on the machine.
epmd_names() { epmd -names 2>/dev/null | awk '$1 == "name" { print $2 }'; }
epmd_running() { epmd -names >/dev/null 2>&1; }
# Machine-wide marker "an epmd that one of these scripts started is running" (shared by run.sh's and test.sh's
# brokers, whichever stops last stops it). Without it epmd is someone else's and is left alone.
EPMD_MARK=/tmp/onestop-epmd-${ERL_EPMD_PORT:-4369}.started

# Prints the broker's pid if this base folder's RabbitMQ runs.
rmq_pid() {
  local pid
  pid=$(live_pid "$RMQ/rabbit.pid") && pid_cmdline_has "$pid" "$RMQ/home" && echo "$pid"
}

rmq_preflight() {
  if rmq_pid >/dev/null; then
    load_rmq_env   # the running broker's settings
    [ "$RABBITMQ_NODE_PORT" = "$AMQP_PORT" ] && [ "$RABBITMQ_NODENAME" = "$RMQ_NODENAME" ] ||
      die "this base folder's RabbitMQ already runs as $RABBITMQ_NODENAME on port $RABBITMQ_NODE_PORT; stop it first ($0 down)."
    return 0
  fi
  local short=${RMQ_NODENAME%@*}
  epmd_names | grep -qxF "$short" &&
    die "RabbitMQ node name $RMQ_NODENAME is already used by another broker on this machine; choose another with RMQ_NODENAME=<name>@localhost."
  port_in_use "$AMQP_PORT" &&
    die "port $AMQP_PORT (RabbitMQ AMQP) is already in use by another process; choose a free one with AMQP_PORT=<port>."
  port_in_use "$RMQ_DIST_PORT" &&
    die "port $RMQ_DIST_PORT (RabbitMQ distribution) is already in use by another process; choose a free one with RMQ_DIST_PORT=<port>."
  return 0
}

rmq_up() {
  local pid
  if pid=$(rmq_pid); then
    load_rmq_env
    rabbitmqctl -q wait "$RABBITMQ_PID_FILE" --timeout 60 >/dev/null 2>&1 ||
      die "this base folder's RabbitMQ (pid $pid) runs but does not answer; see $RMQ/log, or '$0 down' and retry."
    log "rabbitmq already up on 127.0.0.1:$AMQP_PORT (node $RMQ_NODENAME, pid $pid)"
    return
  fi
  write_rmq_env; load_rmq_env
  # Remember whether epmd was already running: 'down' stops only an epmd that these scripts started.
  epmd_running || touch "$EPMD_MARK"
  rm -f "$RABBITMQ_PID_FILE"
  # setsid + all fds redirected: nothing may keep the caller's stdout pipe open (e.g. `run.sh | tee`)
  setsid sh -c 'echo $$ >"$0"; exec rabbitmq-server' "$RMQ/launcher.pid" \
    >"$RMQ/log/stdout.log" 2>&1 </dev/null &
  # 'rabbitmqctl wait' follows the pid file and returns once the rabbit app has fully booted
  if ! rabbitmqctl -q wait "$RABBITMQ_PID_FILE" --timeout 120 >/dev/null 2>&1; then
    tail -30 "$RMQ/log/stdout.log" "$RMQ/log/$RMQ_NODENAME.log" >&2 2>/dev/null || true
    rmq_down >/dev/null 2>&1 || true
    die "RabbitMQ did not start (node $RMQ_NODENAME, port $AMQP_PORT; logs in $RMQ/log)."
  fi
  rabbitmq-diagnostics -q check_port_connectivity >/dev/null 2>&1 ||
    die "RabbitMQ started but 127.0.0.1:$AMQP_PORT does not accept connections (logs in $RMQ/log)."
  log "rabbitmq ready on 127.0.0.1:$AMQP_PORT (node $RMQ_NODENAME) after $(elapsed)"
}

rmq_down() {
  [ -f "$RMQ/env.sh" ] || { log "rabbitmq not running"; return 0; }
  load_rmq_env
  local pid lpid
  if pid=$(rmq_pid); then
    # 'shutdown' (unlike 'stop') blocks until the Erlang VM has exited
    rabbitmqctl -q shutdown --timeout 60 >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && { log "rabbitmq pid $pid still alive, sending KILL"; kill -9 "$pid" 2>/dev/null || true; }
    log "rabbitmq stopped"
  else
    log "rabbitmq not running"
  fi
  # the launcher shell (rabbitmq-server script) exits with the VM; stop it if the VM never came up
  if lpid=$(live_pid "$RMQ/launcher.pid") && pid_cmdline_has "$lpid" rabbitmq-server; then
    kill "$lpid" 2>/dev/null || true
  fi
  rm -f "$RABBITMQ_PID_FILE" "$RMQ/launcher.pid"
  # epmd outlives the VM. Stop it only if one of these scripts started it and no other node (e.g. the other
  # script's broker, or anybody else's) is still registered with it.
  if ! epmd_running; then rm -f "$EPMD_MARK"
  elif [ -f "$EPMD_MARK" ]; then
    local others; others=$(epmd_names | tr '\n' ' ')
    if [ -z "$others" ]; then epmd -kill >/dev/null 2>&1 && rm -f "$EPMD_MARK" && log "epmd stopped"
    else log "epmd left running for: $others"; fi
  fi
}

# ================================================================ install
ensure_installed() {
  local need=()
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || need+=(rabbitmq-server)
  if [ ${#need[@]} -gt 0 ]; then
    apt_install "$LOGS/apt-services.log" "${need[@]}"
    log "installed ${need[*]} after $(elapsed)"
  fi
  if is_root; then getent passwd postgres >/dev/null || die "there is no 'postgres' user; reinstall the postgresql package."
  elif [ ! -w "$BASE" ]; then die "cannot write $BASE; run as root or choose SERVICES_BASE=<folder>."
  fi
}

status() {
  local rc=0 pid
  if pid=$(pg_pid); then echo "postgres: running  pid $pid  127.0.0.1:$(pg_running_port)  data $(pg_dir)/data"
  else echo "postgres: stopped  (data $(pg_dir)/data)"; rc=3; fi
  if [ -f "$RMQ/env.sh" ]; then load_rmq_env; fi
  if pid=$(rmq_pid); then echo "rabbitmq: running  pid $pid  127.0.0.1:${RABBITMQ_NODE_PORT:-?}  node ${RABBITMQ_NODENAME:-?}"
  else echo "rabbitmq: stopped"; rc=3; fi
  return $rc
}

case $cmd in
  up)
    mkdir -p "$LOGS"
    ensure_installed
    pg_preflight
    rmq_preflight
    pg_up
    rmq_up
    log "all services ready ($(elapsed))"
    ;;
  down)
    rmq_down
    pg_down
    ;;
  status)
    status
    ;;
  purge)
    rmq_down
    pg_down
    [ -L "$PGLINK" ] && rm -rf "$(readlink -f "$PGLINK")"
    rm -rf "$BASE"
    log "deleted $BASE"
    ;;
esac
