# shellcheck shell=bash
# Helpers shared by deploy/services.sh, deploy/run.sh and deploy/test.sh (sourced, not executed).
# Set LOG_TAG before sourcing to prefix messages.

LOG_TAG=${LOG_TAG:-deploy}
log() { printf '[%s] %s\n' "$LOG_TAG" "$*"; }
die() { printf '[%s] ERROR: %s\n' "$LOG_TAG" "$*" >&2; exit 1; }

# Seconds since $T0 (set by the caller), one decimal.
T0=${T0:-$(date +%s.%N)}
elapsed() { awk -v a="$T0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1fs", b - a }'; }

is_root() { [ "$(id -u)" = 0 ]; }

# Runs a command as root: directly when root, else through non-interactive sudo (CI has no stdin).
as_root() {
  if is_root; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo -n "$@"
  else return 1
  fi
}
can_be_root() { is_root || { command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; }; }

# apt_install LOGFILE PKG... — installs the Debian packages with apt-get, without starting their services.
# Tries without 'apt-get update' first (fast when the lists are fresh), then updates and retries.
apt_install() {
  local logfile=$1; shift
  command -v apt-get >/dev/null 2>&1 ||
    die "missing $*, and there is no apt-get here: install the Debian packages '$*' (or equivalents) first."
  can_be_root ||
    die "missing $*: run this script as root (or with passwordless sudo), or install them first: apt-get install $*"
  log "installing $* (log: $logfile) ..."
  # Keep the packages' own services from starting (postgresql/rabbitmq-server would take the default ports).
  # Debian docker images already ship /usr/sbin/policy-rc.d with 'exit 101'; add one only if absent.
  local made_policy=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee /usr/sbin/policy-rc.d >/dev/null
    as_root chmod +x /usr/sbin/policy-rc.d; made_policy=1
  fi
  local rc=0
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" \
      </dev/null >"$logfile" 2>&1 || {
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update </dev/null >>"$logfile" 2>&1 &&
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" \
      </dev/null >>"$logfile" 2>&1
  } || rc=$?
  [ -n "$made_policy" ] && as_root rm -f /usr/sbin/policy-rc.d
  if [ "$rc" != 0 ]; then
    tail -15 "$logfile" >&2
    die "could not install $* with apt-get (full log: $logfile)."
  fi
}

# The newest PostgreSQL server/client binaries folder (Debian layout).
newest_pg_bin() { find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -1; }

# True when something accepts TCP connections on 127.0.0.1:PORT (no ss/netstat needed).
port_in_use() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# Reads a pid file and prints the pid if that process is alive.
live_pid() { local p; [ -s "$1" ] && p=$(tr -dc 0-9 <"$1") && [ -n "$p" ] && kill -0 "$p" 2>/dev/null && echo "$p"; }

# True when process PID's command line contains TEXT (guards against a recycled pid).
pid_cmdline_has() { [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -qF -- "$2"; }

# http_status URL — prints the HTTP status code (000 when nothing answers). curl if present, else bash /dev/tcp.
http_status() {
  local url=$1
  if command -v curl >/dev/null 2>&1; then
    curl -s -o /dev/null -m 5 -w '%{http_code}' "$url" 2>/dev/null || true
    return 0
  fi
  local rest=${url#http://} hostport path host port
  hostport=${rest%%/*}; path=/${rest#*/}; [ "$rest" = "$hostport" ] && path=/
  host=${hostport%:*}; port=${hostport##*:}; [ "$host" = "$hostport" ] && port=80
  timeout 5 bash -c 'exec 3<>"/dev/tcp/$0/$1" || exit 1
    printf "GET %s HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n" "$2" "$0" >&3
    read -r _ code _ <&3; printf %s "$code"' "$host" "$port" "$path" 2>/dev/null || printf 000
}

# url_port URL — the port of an http(s) URL (default 80/443).
url_port() {
  local rest=${1#*://} hostport; hostport=${rest%%/*}
  case $hostport in
    *:*) echo "${hostport##*:}" ;;
    *) case $1 in https:*) echo 443 ;; *) echo 80 ;; esac ;;
  esac
}
