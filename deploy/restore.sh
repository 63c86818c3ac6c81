#!/usr/bin/env bash
# Restores schemas from a deploy/backup.sh backup into the database it came from or another one. Every file's
# checksum is verified before anything changes. An existing schema is never overwritten unless --replace says so, and
# then it is renamed aside, not dropped, until the restore of that schema has committed (a failed restore puts it back).
# Runbook: docs/operations/restore-from-backup.md.
set -euo pipefail
JADE_TOOL=restore
source "$(dirname "${BASH_SOURCE[0]}")/lib/postgres.sh"

usage() {
  cat >&2 <<USAGE
usage: deploy/restore.sh [--database NAME] [--replace] [--keep-replaced] [--no-owner] BACKUP_DIR [SCHEMA...]
  BACKUP_DIR       a folder deploy/backup.sh wrote (with manifest.tsv)
  SCHEMA...        the schemas to restore (default: every schema in the backup)
  --database NAME  where to restore (default: the database the backup came from); created when missing
  --replace        restore over schemas that exist there (each is renamed aside first and dropped once its restore
                   committed); refused while the schema's owner role is connected: stop that service first
  --keep-replaced  keep the renamed-aside schemas (<schema>_replaced_<UTC time>) instead of dropping them
  --no-owner       leave ownership and grants out, owning everything as the connecting role: for a database where the
                   service roles do not exist, e.g. to inspect old data; a service cannot use the result as it is
Connects with libpq's environment (PGHOST, PGPORT, PGUSER, PGPASSWORD) as an administrative role; locally it
defaults to the PostgreSQL deploy/local/infra.sh runs.
USAGE
  exit 2
}

database=""
replace=false
keep_replaced=false
ownership=()
positional=()
while [ $# -gt 0 ]; do
  case "$1" in
    --database) database="${2:?}"; shift 2 ;;
    --replace) replace=true; shift ;;
    --keep-replaced) keep_replaced=true; shift ;;
    --no-owner) ownership=(--no-owner --no-privileges); shift ;;
    -h|--help) usage ;;
    -*) usage ;;
    *) positional+=("$1"); shift ;;
  esac
done
[ ${#positional[@]} -ge 1 ] || usage
backup="${positional[0]}"
requested=("${positional[@]:1}")
manifest="$backup/manifest.tsv"
[ -f "$manifest" ] || die "$manifest is missing: not a backup, or one that did not finish"
[ "$(awk -F'\t' '$1 == "format" { print $2 }' "$manifest")" = jade-backup-1 ] || die "$manifest is not a jade-backup-1 manifest"

declare -A file sum migration
while IFS=$'\t' read -r kind schema name checksum _bytes last; do
  [ "$kind" = schema ] || continue
  require_identifier "$schema"
  file[$schema]="$name" sum[$schema]="$checksum" migration[$schema]="$last"
done <"$manifest"
database="${database:-$(awk -F'\t' '$1 == "database" { print $2 }' "$manifest")}"
require_identifier "$database"
if [ ${#requested[@]} -eq 0 ]; then
  mapfile -t requested < <(printf '%s\n' "${!file[@]}" | sort)
fi

# Everything is checked before anything changes.
for schema in "${requested[@]}"; do
  [ -n "${file[$schema]:-}" ] || die "the backup has no schema '$schema' (it has: ${!file[*]})"
  actual="$(sha256sum "$backup/${file[$schema]}" | cut -d' ' -f1)"
  [ "$actual" = "${sum[$schema]}" ] || die "${file[$schema]} does not match its checksum in the manifest: the backup is damaged"
done
if [ -z "$(psql_at postgres -c "SELECT 1 FROM pg_database WHERE datname = '$database'")" ]; then
  log "creating database $database"
  psql_at postgres -c "CREATE DATABASE \"$database\""
fi
existing=()
for schema in "${requested[@]}"; do
  owner="$(psql_at "$database" -c "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = '$schema'")"
  [ -n "$owner" ] || continue
  existing+=("$schema")
  if $replace; then
    sessions="$(psql_at "$database" -c "SELECT count(*) FROM pg_stat_activity WHERE datname = '$database' AND usename = '$owner'")"
    [ "$sessions" -eq 0 ] || die "$sessions session(s) of $owner are connected to $database: stop the $schema service before replacing its schema"
  fi
done
if [ ${#existing[@]} -gt 0 ] && ! $replace; then
  die "schema(s) ${existing[*]} exist in $database: refusing to overwrite (pass --replace to restore over them)"
fi

stamp="$(date -u +%Y%m%d%H%M%S)"
for schema in "${requested[@]}"; do
  aside=""
  if [[ " ${existing[*]} " == *" $schema "* ]]; then
    aside="${schema}_replaced_$stamp"
    psql_at "$database" -c "ALTER SCHEMA \"$schema\" RENAME TO \"$aside\""
    log "renamed the existing $schema aside as $aside"
  fi
  log "restoring $schema into $database (migration ${migration[$schema]})"
  if ! pg_restore --exit-on-error --single-transaction "${ownership[@]}" --dbname="$database" "$backup/${file[$schema]}"; then
    # One transaction: nothing of the failed restore remains, so the original goes back as it was.
    [ -z "$aside" ] || psql_at "$database" -c "ALTER SCHEMA \"$aside\" RENAME TO \"$schema\""
    die "restoring $schema failed; $database is as it was (a missing owner role? provision the service roles, or see --no-owner)"
  fi
  if [ -n "$aside" ] && ! $keep_replaced; then
    psql_at "$database" -c "DROP SCHEMA \"$aside\" CASCADE"
  fi
done
log "restored ${requested[*]} into $database"
