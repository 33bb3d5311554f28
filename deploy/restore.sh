#!/usr/bin/env bash
# deploy/restore.sh BACKUP_DIR — restores a backup made by deploy/backup.sh into a NEW database and files folder.
# Refuses to overwrite: the target database must not exist and the files folder must be empty or absent.
# Checks the checksums first and the dossier count afterwards.
#
# Environment: PG_HOST 127.0.0.1  PG_PORT 55432  PG_USER postgres
#   PG_DATABASE (target, default onestop)  FILES_DIR (target, default <repo>/.data/files)
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
LOG_TAG=restore
# shellcheck source=deploy/lib.sh
. "$REPO/deploy/lib.sh"

SRC=${1:-}
[ -f "${SRC:-/nonexistent}/database.dump" ] || die "usage: deploy/restore.sh BACKUP_DIR (a folder made by deploy/backup.sh)"
PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-55432}
PG_USER=${PG_USER:-postgres}
PG_DATABASE=${PG_DATABASE:-onestop}
FILES_DIR=${FILES_DIR:-$REPO/.data/files}
PG_BIN=$(newest_pg_bin)
[ -x "$PG_BIN/pg_restore" ] || die "pg_restore not found under /usr/lib/postgresql/*/bin: install the 'postgresql' package."
psql_() { "$PG_BIN/psql" -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -v ON_ERROR_STOP=1 "$@"; }

(cd "$SRC" && sha256sum --quiet -c SHA256SUMS) || die "checksums of $SRC do not match: the backup is damaged."
exists=$(psql_ -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$PG_DATABASE'")
[ -z "$exists" ] || die "database '$PG_DATABASE' already exists; restore into a new database (PG_DATABASE=...)."
[ ! -d "$FILES_DIR" ] || [ -z "$(ls -A "$FILES_DIR")" ] || die "$FILES_DIR is not empty; restore files into a new folder (FILES_DIR=...)."

log "creating database '$PG_DATABASE' and restoring ..."
psql_ -d postgres -qc "CREATE DATABASE \"$PG_DATABASE\""
"$PG_BIN/pg_restore" -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" --no-owner --exit-on-error -d "$PG_DATABASE" "$SRC/database.dump"
mkdir -p "$FILES_DIR"
tar -C "$FILES_DIR" -xzf "$SRC/files.tar.gz"

expected=$(sed -n 's/^dossiers=//p' "$SRC/manifest.txt")
actual=$(psql_ -d "$PG_DATABASE" -Atc "SELECT count(*) FROM dossiers")
[ "$expected" = "$actual" ] || die "restored $actual dossiers, the backup says $expected."
log "restore complete: $actual dossiers into '$PG_DATABASE', files into $FILES_DIR"
