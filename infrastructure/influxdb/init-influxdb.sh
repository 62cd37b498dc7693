#!/usr/bin/env bash
# InfluxDB initialisation for HomeIQ: makes sure the deployment's organisation and bucket exist
# with the retention the mode asks for. Idempotent: safe to run again at any time.
#
# The official influxdb:2 image runs this file from /docker-entrypoint-initdb.d/ once, after its
# own `influx setup` of a new instance (the generated compose files mount it read-only there).
# The environment comes from the compose file:
#
#   DOCKER_INFLUXDB_INIT_ORG          test: homeiq-test                   production: homeiq
#   DOCKER_INFLUXDB_INIT_BUCKET       test: home_assistant_events_test    production: home_assistant_events
#   DOCKER_INFLUXDB_INIT_RETENTION    test: 7d                            production: 30d
#   DOCKER_INFLUXDB_INIT_ADMIN_TOKEN  test: homeiq-test-token             production: ${INFLUXDB_TOKEN}
#   DEPLOYMENT_MODE                   test | production
#
# Option A (default, 8 GB NUC): the deployment's one InfluxDB holds the mode's own org, bucket and
# token; test keeps 7 days of synthetic data, production 30 days. Option B (16 GB NUC): the
# separate `influxdb-test` instance (port 8087, its own volume and image version) initialises its
# test tenant through the same DOCKER_INFLUXDB_INIT_* setup; this script serves the production one.
#
# Run it again by hand (e.g. after changing the retention):
#   docker exec homeiq-test-influxdb /docker-entrypoint-initdb.d/init-influxdb.sh
#
# INFLUX (default: influx) names the CLI; INFLUX_HOST (set by the image during initialisation,
# default http://localhost:8086) the server.
set -euo pipefail

say() { printf 'init-influxdb: %s\n' "$*"; }
fail() {
    printf 'init-influxdb: error: %s\n' "$*" >&2
    exit 1
}

org=${DOCKER_INFLUXDB_INIT_ORG:-}
bucket=${DOCKER_INFLUXDB_INIT_BUCKET:-}
token=${DOCKER_INFLUXDB_INIT_ADMIN_TOKEN:-}
retention=${DOCKER_INFLUXDB_INIT_RETENTION:-0}
mode=${DEPLOYMENT_MODE:-unknown}
host=${INFLUX_HOST:-http://localhost:8086}
influx_cli=${INFLUX:-influx}

[ -n "$org" ] || fail "DOCKER_INFLUXDB_INIT_ORG is not set (the generated compose file sets it)"
[ -n "$bucket" ] || fail "DOCKER_INFLUXDB_INIT_BUCKET is not set (the generated compose file sets it)"
[ -n "$token" ] || fail "DOCKER_INFLUXDB_INIT_ADMIN_TOKEN is not set (the generated compose file sets it)"
[[ "$retention" =~ ^[0-9]+[smhdw]?$|^0$ ]] || fail "DOCKER_INFLUXDB_INIT_RETENTION '$retention' is not a duration like 7d or 30d"

# Isolation: a test instance never holds the production tenant, and the reverse.
case "$mode:$bucket" in
    test:*_test) ;;
    test:*) fail "DEPLOYMENT_MODE=test but the bucket '$bucket' is not a test bucket (*_test)" ;;
    production:*_test) fail "DEPLOYMENT_MODE=production but the bucket '$bucket' is a test bucket" ;;
esac

influx() { "$influx_cli" "$@" --host "$host" --token "$token"; }

say "$mode: org '$org', bucket '$bucket', retention $retention (server $host)"

if influx org list --name "$org" --hide-headers >/dev/null 2>&1; then
    say "org '$org' exists"
else
    influx org create --name "$org" >/dev/null
    say "org '$org' created"
fi

bucket_id=$(influx bucket list --org "$org" --name "$bucket" --hide-headers 2>/dev/null | awk 'NR == 1 { print $1 }' || true)
if [ -n "$bucket_id" ]; then
    influx bucket update --id "$bucket_id" --retention "$retention" >/dev/null
    say "bucket '$bucket' exists ($bucket_id): retention set to $retention"
else
    influx bucket create --org "$org" --name "$bucket" --retention "$retention" >/dev/null
    say "bucket '$bucket' created with retention $retention"
fi

say "done: services of the $mode deployment use INFLUXDB_ORG=$org INFLUXDB_BUCKET=$bucket and the token from DOCKER_INFLUXDB_INIT_ADMIN_TOKEN"
