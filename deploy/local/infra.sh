#!/usr/bin/env bash
# Local PostgreSQL and RabbitMQ for running and testing Jade on one machine. Sourced by run.sh and test.sh.
# Data lives in $JADE_DATA (default: <repo>/.jade), which git ignores; a second start reuses it.
set -euo pipefail

JADE_ROOT="${JADE_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
JADE_DATA="${JADE_DATA:-$JADE_ROOT/.jade}"
JADE_PG_PORT="${JADE_PG_PORT:-5433}"
JADE_AMQP_PORT="${JADE_AMQP_PORT:-5673}"
JADE_RABBIT_API_PORT="${JADE_RABBIT_API_PORT:-15673}"
JADE_RABBIT_METRICS_PORT="${JADE_RABBIT_METRICS_PORT:-15692}"
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
RABBIT_BIN=/usr/lib/rabbitmq/bin

log() { printf '\033[36m[infra]\033[0m %s\n' "$*"; }

# Installs the Debian packages the given commands need; as non-root it names them and stops.
ensure_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages: ${missing[*]}" >&2
    echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian starts the packaged services where it can; Jade runs its own instances on other ports.
  service rabbitmq-server stop >/dev/null 2>&1 || true
  service prometheus stop >/dev/null 2>&1 || true
}

secret() {
  local file="$JADE_DATA/secrets/$1"
  if [ ! -s "$file" ]; then
    mkdir -p "$JADE_DATA/secrets" && chmod 700 "$JADE_DATA/secrets"
    # Hex from a fixed number of random bytes: no pipeline stage is cut off early (pipefail-safe).
    head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$file"
    chmod 600 "$file"
  fi
  cat "$file"
}

# Runs a PostgreSQL command as the data folder's owner: PostgreSQL refuses to run as root.
as_pg_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The data folder, normally .jade/postgres. PostgreSQL runs as the postgres user, who cannot reach a checkout under
# a private home such as /root; such a checkout keeps its database under /var/lib/jade instead, one per checkout.
pg_data_dir() {
  local dir="$JADE_DATA/postgres"
  if [ "$(id -u)" -eq 0 ]; then
    mkdir -p "$JADE_DATA"
    if ! runuser -u postgres -- test -x "$JADE_DATA"; then
      dir="/var/lib/jade/$(printf '%s' "$JADE_DATA" | md5sum | cut -c1-12)/postgres"
      mkdir -p "$(dirname "$dir")"
    fi
  fi
  printf '%s' "$dir"
}

start_postgres() {
  local dir; dir="$(pg_data_dir)"
  local password; password="$(secret postgres-admin)"
  if [ ! -f "$dir/PG_VERSION" ]; then
    log "initialising PostgreSQL in $dir"
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir" && chmod 700 "$dir"
    local pwfile; pwfile="$(mktemp)"; printf '%s' "$password" >"$pwfile"; chmod 644 "$pwfile"
    as_pg_owner "$PG_BIN/initdb" -D "$dir" -U jade_admin --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
    cat >>"$dir/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $JADE_PG_PORT
unix_socket_directories = '$dir'
max_connections = 300
shared_buffers = 256MB
fsync = on
log_min_messages = warning
CONF
  fi
  if ! as_pg_owner "$PG_BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    log "starting PostgreSQL on 127.0.0.1:$JADE_PG_PORT"
    as_pg_owner "$PG_BIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 start >/dev/null
  fi
  export JADE_PG_ADMIN="Host=127.0.0.1;Port=$JADE_PG_PORT;Username=jade_admin;Password=$password;Database=postgres"
}

stop_postgres() {
  local dir; dir="$(pg_data_dir)"
  [ -f "$dir/PG_VERSION" ] && as_pg_owner "$PG_BIN/pg_ctl" -D "$dir" -m fast stop >/dev/null 2>&1 || true
}

rabbit_env() {
  export HOME="$JADE_DATA/rabbitmq"   # the Erlang cookie lives here, shared by server and rabbitmqctl
  export RABBITMQ_NODENAME="jade@localhost"
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_NODE_PORT="$JADE_AMQP_PORT"
  export RABBITMQ_DIST_PORT=$((JADE_AMQP_PORT + 20000))
  export RABBITMQ_MNESIA_BASE="$JADE_DATA/rabbitmq/mnesia"
  export RABBITMQ_LOG_BASE="$JADE_DATA/rabbitmq/log"
  export RABBITMQ_PID_FILE="$JADE_DATA/rabbitmq/rabbit.pid"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$JADE_DATA/rabbitmq/enabled_plugins"
  export RABBITMQ_CONFIG_FILE="$JADE_DATA/rabbitmq/rabbitmq"
  export RABBITMQ_ADVANCED_CONFIG_FILE="$JADE_DATA/rabbitmq/advanced.config"
}

rabbitmqctl_jade() { ( rabbit_env; "$RABBIT_BIN/rabbitmqctl" "$@" ); }

start_rabbitmq() {
  mkdir -p "$JADE_DATA/rabbitmq/log"
  (
    rabbit_env
    # rabbitmq_prometheus serves per-queue depths (error queues included) for Prometheus; the shovel plugins give the
    # management UI its "Move messages" for replaying an error queue. Plugins load at boot: a node started before
    # this line gets them on its next start.
    echo '[rabbitmq_management,rabbitmq_prometheus,rabbitmq_shovel,rabbitmq_shovel_management].' >"$RABBITMQ_ENABLED_PLUGINS_FILE"
    cat >"$RABBITMQ_CONFIG_FILE.conf" <<CONF
management.tcp.ip = 127.0.0.1
management.tcp.port = $JADE_RABBIT_API_PORT
prometheus.tcp.ip = 127.0.0.1
prometheus.tcp.port = $JADE_RABBIT_METRICS_PORT
loopback_users.guest = true
CONF
    echo '[].' >"$RABBITMQ_ADVANCED_CONFIG_FILE"
    if ! "$RABBIT_BIN/rabbitmqctl" -q status >/dev/null 2>&1; then
      log "starting RabbitMQ on 127.0.0.1:$JADE_AMQP_PORT (management :$JADE_RABBIT_API_PORT)"
      nohup "$RABBIT_BIN/rabbitmq-server" >"$RABBITMQ_LOG_BASE/console.log" 2>&1 &
      "$RABBIT_BIN/rabbitmqctl" -q wait --timeout 90 "$RABBITMQ_PID_FILE" >/dev/null
    fi
  )
  export JADE_RABBITMQ="amqp://guest:guest@127.0.0.1:$JADE_AMQP_PORT/"
  export JADE_RABBITMQ_API="http://guest:guest@127.0.0.1:$JADE_RABBIT_API_PORT/api/"
  export JADE_RABBITMQ_METRICS="http://127.0.0.1:$JADE_RABBIT_METRICS_PORT/"
  export JADE_RABBITMQ_CTL="$JADE_ROOT/deploy/local/rabbitmqctl.sh"
}

stop_rabbitmq() {
  rabbitmqctl_jade -q stop >/dev/null 2>&1 || true
}

# Starts PostgreSQL and RabbitMQ for one command (tests, benchmark) and stops, on exit, whichever of them it started;
# servers that were already running (e.g. under deploy/run.sh) are left alone.
start_infra_for_this_command() {
  INFRA_STARTED_HERE=()
  as_pg_owner "$PG_BIN/pg_ctl" -D "$(pg_data_dir)" status >/dev/null 2>&1 || INFRA_STARTED_HERE+=(postgres)
  rabbitmqctl_jade -q status >/dev/null 2>&1 || INFRA_STARTED_HERE+=(rabbitmq)
  trap 'for service in "${INFRA_STARTED_HERE[@]}"; do "stop_$service"; done' EXIT
  start_postgres
  start_rabbitmq
}
