#!/usr/bin/env bash
# rabbitmqctl against the local Jade node (used by operators and by the broker-outage test).
source "$(dirname "${BASH_SOURCE[0]}")/infra.sh"
rabbitmqctl_jade "$@"
