#!/usr/bin/env bash
# deploy/backup.sh [DEST] — backs up OneStop: the database (pg_dump custom format, consistent snapshot) and the
# stored files (scans), with a manifest and checksums. Prints the backup folder. Restore with deploy/restore.sh.
#
# Environment (defaults match deploy/run.sh):
#   PG_HOST 127.0.0.1   PG_PORT 55432   PG_USER postgres   PG_DATABASE onestop
#   FILES_DIR <repo>/.data/files   BACKUP_ROOT <repo>/.data/backups (DEST defaults to BACKUP_ROOT/<UTC timestamp>)
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
LOG_TAG=backup
# shellcheck source=deploy/lib.sh
. "$REPO/deploy/lib.sh"

PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-55432}
PG_USER=${PG_USER:-postgres}
PG_DATABASE=${PG_DATABASE:-onestop}
FILES_DIR=${FILES_DIR:-$REPO/.data/files}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
DEST=${1:-${BACKUP_ROOT:-$REPO/.data/backups}/$STAMP}

PG_BIN=$(newest_pg_bin)
[ -x "$PG_BIN/pg_dump" ] || die "pg_dump not found under /usr/lib/postgresql/*/bin: install the 'postgresql' package."
[ -e "$DEST" ] && [ -n "$(ls -A "$DEST" 2>/dev/null)" ] && die "$DEST exists and is not empty; choose another folder."
mkdir -p "$DEST"

log "dumping database '$PG_DATABASE' from $PG_HOST:$PG_PORT ..."
"$PG_BIN/pg_dump" -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -Fc --no-owner -f "$DEST/database.dump" "$PG_DATABASE"

log "archiving stored files from $FILES_DIR ..."
if [ -d "$FILES_DIR" ]; then
  tar -C "$FILES_DIR" -czf "$DEST/files.tar.gz" .
else
  tar -czf "$DEST/files.tar.gz" -T /dev/null
fi

DOSSIERS=$("$PG_BIN/psql" -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DATABASE" -Atc "SELECT count(*) FROM dossiers")
cat >"$DEST/manifest.txt" <<MANIFEST
created_utc=$STAMP
database=$PG_DATABASE
dossiers=$DOSSIERS
files=$( [ -d "$FILES_DIR" ] && find "$FILES_DIR" -type f | wc -l || echo 0)
pg_dump=$("$PG_BIN/pg_dump" --version)
MANIFEST
(cd "$DEST" && sha256sum database.dump files.tar.gz manifest.txt >SHA256SUMS)
log "backup complete: $DOSSIERS dossiers ($(du -sh "$DEST" | cut -f1))"
echo "$DEST"
