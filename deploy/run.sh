#!/usr/bin/env bash
# The README's run command: brings the whole platform up on this machine.
# Installs what is missing, starts PostgreSQL and RabbitMQ (data in .jade/), provisions one role and schema per
# service, builds, migrates, seeds development data into .jade/dev-credentials.json and starts every service with
# prefixed logs, beside the rail simulator (card rails and SMS sandbox) and a local SMTP sink that keeps e-mail in
# .jade/mail. Ctrl-C stops everything; a second run reuses the data.
# With --prometheus (or JADE_PROMETHEUS=1) it also runs Prometheus with Jade's alert rules against the services
# (k8s/observability/prometheus.local.yml, data in .jade/prometheus), installing Debian's package only then.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/local/infra.sh"
cd "$JADE_ROOT"

with_prometheus=false
[ "${JADE_PROMETHEUS:-}" = 1 ] && with_prometheus=true
for arg in "$@"; do
  case "$arg" in
    --prometheus) with_prometheus=true ;;
    *) echo "usage: deploy/run.sh [--prometheus]" >&2; exit 2 ;;
  esac
done

GATEWAY_URL="http://localhost:5000/"
RAILS_URL="http://localhost:5190/"
JADE_SMTP_PORT="${JADE_SMTP_PORT:-2525}"
MAILDIR="$JADE_DATA/mail"
SERVICES=(identity notifications ledger risk payments)   # every service with its own schema, besides the gateway
declare -A PROJECT=(
  [identity]=services/Identity/Identity.Api/Identity.Api
  [notifications]=services/Notifications/Notifications.Api/Notifications.Api
  [ledger]=services/Ledger/Ledger.Api/Ledger.Api
  [risk]=services/Risk/Risk.Api/Risk.Api
  [payments]=services/Payments/Payments.Api/Payments.Api
  [gateway]=gateway/Gateway/Gateway
)
declare -A PORT=([identity]=5101 [notifications]=5102 [ledger]=5103 [risk]=5104 [payments]=5105 [gateway]=5000)

packages=(postgresql rabbitmq-server curl python3-aiosmtpd)
$with_prometheus && packages+=(prometheus)
ensure_packages "${packages[@]}"
start_postgres
start_rabbitmq

log "building"
( cd web-vue && npm ci --no-audit --no-fund --loglevel=error && npm run build >/dev/null )
dotnet build Jade.slnx -c Release -nologo -clp:ErrorsOnly -v:q

export JADE_SECRETS="$JADE_DATA/secrets"
for schema in "${SERVICES[@]}" gateway; do secret "db-$schema" >/dev/null; done
dotnet deploy/tools/Provision/bin/Release/net10.0/Jade.Provision.dll jade "${SERVICES[@]}" gateway

bin_dir() { echo "$JADE_ROOT/${PROJECT[$1]%/*}/bin/Release/net10.0"; }
# Runs a service from its build output folder, which is its content root (appsettings.json lives there).
service_cmd() { local service=$1; shift; ( cd "$(bin_dir "$service")" && exec dotnet "${PROJECT[$service]##*/}.dll" "$@" ); }
db() { echo "Host=127.0.0.1;Port=$JADE_PG_PORT;Database=jade;Username=jade_$1;Password=$(secret "db-$1")"; }

bff_secret="$(secret bff-client)"
export ASPNETCORE_ENVIRONMENT=Development
export ConnectionStrings__rabbitmq="$JADE_RABBITMQ"
export Identity__Issuer="$GATEWAY_URL"
export Identity__MetadataAddress="http://localhost:${PORT[identity]}/.well-known/openid-configuration"
export Identity__KeysPath="$JADE_DATA/keys/identity"
export Identity__Clients__0__ClientSecret="$bff_secret"
export Bff__ClientSecret="$bff_secret"
export DataProtection__KeysPath="$JADE_DATA/keys/gateway"
export Risk__KeysPath="$JADE_DATA/keys/risk"
export Payments__KeysPath="$JADE_DATA/keys/payments"
export Notifications__KeysPath="${Notifications__KeysPath:-$JADE_DATA/keys/notifications}"
export Spa__Root="$JADE_ROOT/web-vue/dist"
# The rail simulator stands in for the card acquirer and the payout rail; both sides share generated secrets.
export Simulator__AcquirerSecret="$(secret rail-acquirer)" Simulator__PayoutSecret="$(secret rail-payouts)"
export Payments__Channels__Acquirer__Secret="$Simulator__AcquirerSecret" Payments__Channels__Payouts__Secret="$Simulator__PayoutSecret"
export Payments__Channels__Acquirer__BaseUrl="$RAILS_URL" Payments__Channels__Payouts__BaseUrl="$RAILS_URL"
export Payments__Channels__NotifyBaseUrl="$GATEWAY_URL" Payments__Channels__ReturnBaseUrl="$GATEWAY_URL"
# Notifications sends e-mail to the local SMTP sink (loopback, so no TLS) and SMS to the simulator's sandbox, which
# checks the same generated API key a real provider would.
export Notifications__Smtp__Host=127.0.0.1 Notifications__Smtp__Port="$JADE_SMTP_PORT"
export Notifications__Sms__BaseUrl="$RAILS_URL" Notifications__Sms__ApiKey="$(secret sms-api-key)"
export Simulator__SmsApiKey="$Notifications__Sms__ApiKey"
# Partners' webhook receivers in a local demo are plain http on this machine; only this script allows that.
export Webhooks__AllowInsecureUrls=true Webhooks__AllowPrivateAddresses=true
for schema in "${SERVICES[@]}" gateway; do export "ConnectionStrings__$schema=$(db "$schema")"; done

for service in "${SERVICES[@]}" gateway; do
  log "migrating $service"
  service_cmd "$service" --migrate >/dev/null
done
log "seeding development data"
service_cmd identity --seed-dev "$JADE_DATA/dev-credentials.json" >/dev/null

pids=()
stop_all() {
  trap - INT TERM EXIT
  log "stopping services"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  # Services drain and flush before the database and broker go away.
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  done
  stop_rabbitmq
  stop_postgres
  log "stopped"
}
trap stop_all INT TERM EXIT

colours=(32 35 33 36)
summary=()
i=0
( cd deploy/rail-simulator/bin/Release/net10.0 && exec dotnet RailSimulator.dll --urls "${RAILS_URL%/}" ) \
  > >(sed -u "s/^/\x1b[34m[rails]\x1b[0m /") 2>&1 &
pids+=($!)
# The SMTP sink: Debian's aiosmtpd (run by Debian's python, which has the module, not whichever python is first on
# PATH) keeps every mail as a file in a maildir. It creates the maildir only when the folder is missing, so a folder
# that exists gets cur/new/tmp here.
smtp_listening() { (: <"/dev/tcp/127.0.0.1/$JADE_SMTP_PORT") 2>/dev/null; }
if smtp_listening; then
  log "127.0.0.1:$JADE_SMTP_PORT is taken; stop what listens there or choose another port with JADE_SMTP_PORT" >&2
  exit 1
fi
if [ -d "$MAILDIR" ]; then install -d -m 700 "$MAILDIR/cur" "$MAILDIR/new" "$MAILDIR/tmp"; fi
/usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$JADE_SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$MAILDIR" \
  > >(sed -u "s/^/\x1b[34m[smtp]\x1b[0m /") 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do smtp_listening && break; sleep 0.1; done
smtp_listening || log "the SMTP sink did not start; e-mail deliveries will wait and retry (see the [smtp] lines)" >&2
for service in "${SERVICES[@]}" gateway; do
  colour=${colours[$((i++ % 4))]}
  # A plain subshell that execs dotnet, so $! is the service's own pid and the trap can stop it.
  ( cd "$(bin_dir "$service")" && exec dotnet "${PROJECT[$service]##*/}.dll" --urls "http://localhost:${PORT[$service]}" ) \
    > >(sed -u "s/^/\x1b[${colour}m[$service]\x1b[0m /") 2>&1 &
  pids+=($!)
  pid=$!
  started=$(date +%s%N)
  for _ in $(seq 1 600); do
    curl -s "http://localhost:${PORT[$service]}/health/ready" 2>/dev/null | grep -q '"status":"Healthy"' && break
    sleep 0.1
  done
  ready_ms=$(( ($(date +%s%N) - started) / 1000000 ))
  rss_mib=$(( $(awk '/VmRSS/ { print $2 }' "/proc/$pid/status") / 1024 ))
  summary+=("$(printf '%-14s ready in %5d ms, %4d MiB resident' "$service" "$ready_ms" "$rss_mib")")
done
for line in "${summary[@]}"; do log "$line"; done

# Prometheus on the first free port from 9090 (JADE_PROMETHEUS_PORT to choose), scraping every service and the local
# RabbitMQ and evaluating the same alert rules as in Kubernetes.
if $with_prometheus; then
  prometheus_port="${JADE_PROMETHEUS_PORT:-9090}"
  while (: <"/dev/tcp/127.0.0.1/$prometheus_port") 2>/dev/null; do prometheus_port=$((prometheus_port + 1)); done
  mkdir -p "$JADE_DATA/prometheus"
  /usr/bin/prometheus --config.file=k8s/observability/prometheus.local.yml --storage.tsdb.path="$JADE_DATA/prometheus" \
    --web.listen-address="127.0.0.1:$prometheus_port" --log.level=warn \
    > >(sed -u "s/^/\x1b[34m[prometheus]\x1b[0m /") 2>&1 &
  pids+=($!)
  summary_prometheus="Prometheus at http://127.0.0.1:$prometheus_port/ (targets: /targets, alerts: /alerts)"
fi

log "Jade is up at $GATEWAY_URL"
log "development credentials: $JADE_DATA/dev-credentials.json"
log "e-mail sent locally (maildir, one file per mail): $MAILDIR/new"
log "SMS sent locally: ${RAILS_URL}sms"
if $with_prometheus; then log "$summary_prometheus"; fi
log "press Ctrl-C to stop"
wait
