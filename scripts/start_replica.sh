#!/usr/bin/env bash
# A streaming read replica of the local PostgreSQL, for tests/test_replica.py (and by hand).
#
#   scripts/start_replica.sh start DIR PORT   # pg_basebackup of the primary into DIR, a hot
#                                             # standby on 127.0.0.1:PORT, streaming from it
#   scripts/start_replica.sh stop DIR         # stop it and remove DIR
#
# The primary is PRIMARY_HOST:PRIMARY_PORT (127.0.0.1:5432), superuser PRIMARY_USER
# (postgres). Its wal_level must be replica or logical (the default); changing it needs a
# restart, so this script only says so. Replication connections need a pg_hba.conf line:
# when the primary has none for 127.0.0.1 and the file is writable here, the script adds
# "host replication <user> 127.0.0.1/32 trust" and reloads (no restart). The standby runs
# as the cluster's owner (postgres): as root through runuser, else as that user itself.
# On any condition it cannot meet it exits 3 with one line on stderr saying why, which the
# test suite quotes when it skips.
set -euo pipefail

PRIMARY_HOST=${PRIMARY_HOST:-127.0.0.1}
PRIMARY_PORT=${PRIMARY_PORT:-5432}
PRIMARY_USER=${PRIMARY_USER:-postgres}
OWNER=${PG_OWNER:-postgres}

cannot() { echo "replica: $*" >&2; exit 3; }

primary() { psql -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U "$PRIMARY_USER" -d postgres -tAqc "$1"; }

as_owner() {
  if [ "$(id -un)" = "$OWNER" ]; then "$@"
  elif [ "$(id -u)" = 0 ]; then runuser -u "$OWNER" -- "$@"
  else cannot "run as root or as $OWNER: the standby's files must belong to $OWNER"
  fi
}

pg_bin() {
  local major
  major=$(primary "SHOW server_version_num" | cut -c1-2)
  [ -x "/usr/lib/postgresql/$major/bin/pg_ctl" ] || cannot "no PostgreSQL $major server binaries in /usr/lib/postgresql/$major/bin"
  echo "/usr/lib/postgresql/$major/bin"
}

can_replicate() {
  psql "host=$PRIMARY_HOST port=$PRIMARY_PORT user=$PRIMARY_USER replication=true dbname=postgres" \
    -tAqc "IDENTIFY_SYSTEM" >/dev/null 2>&1
}

start() {
  local dir=$1 port=$2
  command -v psql >/dev/null || cannot "psql is not installed"
  primary "SELECT 1" >/dev/null 2>&1 || cannot "no primary at $PRIMARY_HOST:$PRIMARY_PORT"
  [ "$(primary "SELECT rolsuper OR rolreplication FROM pg_roles WHERE rolname = current_user")" = t ] \
    || cannot "$PRIMARY_USER may not replicate (needs SUPERUSER or REPLICATION)"
  local wal_level senders
  wal_level=$(primary "SHOW wal_level")
  [ "$wal_level" != minimal ] || cannot "the primary has wal_level=minimal; set it to replica (ALTER SYSTEM SET wal_level = replica) and restart it"
  senders=$(primary "SHOW max_wal_senders")
  [ "$senders" -gt 0 ] || cannot "the primary has max_wal_senders=0; raise it and restart it"
  local bin
  bin=$(pg_bin)
  if ! can_replicate; then
    local hba
    hba=$(primary "SHOW hba_file")
    [ -w "$hba" ] || cannot "the primary refuses replication connections from $PRIMARY_HOST and $hba is not writable here; add: host replication $PRIMARY_USER $PRIMARY_HOST/32 trust"
    printf '\n# Added by ODOP Market scripts/start_replica.sh: streaming replicas on loopback.\nhost replication %s %s/32 trust\n' \
      "$PRIMARY_USER" "$PRIMARY_HOST" >>"$hba"
    primary "SELECT pg_reload_conf()" >/dev/null
    sleep 0.5
    can_replicate || cannot "the primary still refuses replication connections after adding a line to $hba"
  fi
  if [ -d "$dir" ]; then stop "$dir"; fi
  mkdir -p "$dir"
  chown "$OWNER" "$dir" 2>/dev/null || true
  as_owner test -w "$dir" -a -x "$dir" || cannot "$OWNER cannot write to $dir (choose a folder $OWNER can reach)"
  as_owner "$bin/pg_basebackup" -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U "$PRIMARY_USER" \
    -D "$dir/data" -X stream -R --checkpoint=fast --no-sync >"$dir/basebackup.log" 2>&1 \
    || cannot "pg_basebackup failed: $(tail -1 "$dir/basebackup.log")"
  # Hot standby needs at least the primary's values of these.
  local extra=""
  for name in max_connections max_worker_processes max_wal_senders max_prepared_transactions max_locks_per_transaction; do
    extra+="$name = $(primary "SHOW $name")"$'\n'
  done
  as_owner tee "$dir/data/postgresql.conf" >/dev/null <<CONF
# A hot standby made by scripts/start_replica.sh (its primary_conninfo is in postgresql.auto.conf).
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
hba_file = '$dir/data/pg_hba.conf'
ident_file = '$dir/data/pg_ident.conf'
hot_standby = on
hot_standby_feedback = on
fsync = off
shared_buffers = 32MB
logging_collector = off
cluster_name = 'odop_replica_$port'
$extra
CONF
  as_owner tee "$dir/data/pg_hba.conf" >/dev/null <<HBA
local all all trust
host all all 127.0.0.1/32 trust
HBA
  as_owner touch "$dir/data/pg_ident.conf"
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/replica.log" -w -t 60 start >/dev/null \
    || cannot "the standby did not start: $(tail -3 "$dir/replica.log" | tr '\n' ' ')"
  for _ in $(seq 100); do
    if [ "$(psql -h 127.0.0.1 -p "$port" -U "$PRIMARY_USER" -d postgres -tAqc 'SELECT pg_is_in_recovery()' 2>/dev/null)" = t ] \
      && [ -n "$(primary "SELECT 1 FROM pg_stat_replication WHERE application_name = 'odop_replica_$port' AND state = 'streaming'")" ]; then
      echo "replica streaming on 127.0.0.1:$port from $PRIMARY_HOST:$PRIMARY_PORT"
      return 0
    fi
    sleep 0.2
  done
  cannot "the standby started but is not streaming: $(tail -3 "$dir/replica.log" | tr '\n' ' ')"
}

stop() {
  local dir=$1
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) [ $# -eq 3 ] || cannot "usage: $0 start DIR PORT"; start "$2" "$3" ;;
  stop) [ $# -eq 2 ] || cannot "usage: $0 stop DIR"; stop "$2" ;;
  *) echo "usage: $0 start DIR PORT | stop DIR" >&2; exit 2 ;;
esac
