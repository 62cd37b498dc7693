#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# setup_ha_test.sh: creates the long-lived access token the test deployment uses to talk to the
# test Home Assistant (HA_TEST_TOKEN). See --help.
set -euo pipefail

HOMEIQ_SCRIPT=setup_ha_test
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=lib/common.sh
. "$here/lib/common.sh"
# shellcheck source=lib/args.sh
. "$here/lib/args.sh"
# shellcheck source=lib/generated.sh
. "$here/lib/generated.sh"
# shellcheck source=lib/compose.sh
. "$here/lib/compose.sh"
# shellcheck source=lib/envfile.sh
. "$here/lib/envfile.sh"
# shellcheck source=lib/secrets.sh
. "$here/lib/secrets.sh"

usage() {
    cat <<'USAGE'
Usage: scripts/setup_ha_test.sh [options]

Creates a long-lived access token for the test Home Assistant of the test deployment (service
home-assistant-test, http://localhost:8124) and prints it as HA_TEST_TOKEN=…, with where to put it.
Run it once after the first `scripts/deploy.sh test`, then deploy test again.

  1. waits until Home Assistant answers;
  2. a new instance: onboards it, creating the owner user (username and password below);
     an onboarded one: logs in with that user;
  3. exchanges the login for an access token (HTTP API, with curl);
  4. asks for a long-lived token over the WebSocket API, from inside the container
     (`$DOCKER exec … python3`, which the Home Assistant image has), since HTTP has no call for it.
Passwords and tokens never appear on a command line.

Options:
  --url URL            the test Home Assistant (default: http://localhost:8124)
  --username NAME      its owner user (default: homeiq)
  --container NAME     its container (default: the container_name of home-assistant-test in
                       generated/docker-compose.test.yml)
  --lifespan DAYS      lifetime of the token (default: 3650)
  --timeout SECONDS    how long to wait for Home Assistant to answer (default: 180)
  --write              also store HA_TEST_TOKEN in infrastructure/secrets.test.env (created
                       with mode 600; git-ignored), where scripts/deploy.sh test reads it
  -h, --help           show this help

Environment:
  HA_TEST_PASSWORD     the owner's password. Onboarding a new instance without it generates one
                       and prints it once; logging in to an onboarded instance needs it.
  CURL                 the curl binary (default: curl)
  DOCKER               the docker binary (default: docker)

Exit status:
  0  token created and printed
  1  Home Assistant unreachable, login refused, or the token could not be created
  2  usage error
USAGE
}

url=http://localhost:8124
username=homeiq
container=""
lifespan=3650
timeout=180
write=0
args_parse usage --write:write --url=:url --username=:username --container=:container \
    --lifespan=:lifespan --timeout=:timeout -- "$@"
url=${url%/}
[[ "$url" =~ ^https?://[^[:space:]]+$ ]] || die 2 "--url must be an http(s) URL (got '$url')"
[[ "$lifespan" =~ ^[1-9][0-9]*$ ]] || die 2 "--lifespan must be a positive number of days"
[[ "$timeout" =~ ^[0-9]+$ ]] || die 2 "--timeout must be a number of seconds"
[ -n "$username" ] || die 2 "--username must not be empty"

root=$(homeiq_root "${BASH_SOURCE[0]}") || die 2 "cannot find the repository root from ${BASH_SOURCE[0]}"
cd "$root"
CURL=${CURL:-curl}
DOCKER=${DOCKER:-docker}
client_id="$url/"

if [ -z "$container" ]; then
    while IFS=$COMPOSE_FS read -r kind _ service key value; do
        if [ "$kind" = scalar ] && [ "$service" = home-assistant-test ] && [ "$key" = container_name ]; then
            container=$value
        fi
    done < <(compose_records "$(mode_compose_file test)")
    [ -n "$container" ] || die 1 "no home-assistant-test service in $(mode_compose_file test): pass --container"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 700 "$work"

# json_string TEXT: TEXT as a JSON string literal.
json_string() {
    local text=$1
    text=${text//\\/\\\\}
    text=${text//\"/\\\"}
    text=${text//$'\t'/\\t}
    printf '"%s"' "$text"
}

# json_field NAME: the string value of "NAME" in the JSON on standard input (flat objects only).
json_field() {
    sed -n "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"\\([^\"]*\\)\".*/\\1/p" | sed -n 1p
}

# post_json PATH [BEARER]: POSTs standard input as JSON; prints the response body.
post_json() {
    local path=$1 headers="$work/headers"
    printf 'Content-Type: application/json\n' >"$headers"
    [ $# -lt 2 ] || printf 'Authorization: Bearer %s\n' "$2" >>"$headers"
    "$CURL" -fsS --max-time 30 -X POST -H "@$headers" --data-binary @- "$url$path"
}

# --- 1. reachable ---------------------------------------------------------------------------------
step "Waiting for the test Home Assistant at $url (up to ${timeout}s)"
deadline=$((SECONDS + timeout))
until "$CURL" -fsS --max-time 10 -o /dev/null "$url/manifest.json" 2>/dev/null; do
    if [ "$SECONDS" -ge "$deadline" ]; then
        die 1 "no answer from $url/manifest.json: is the test deployment up? (scripts/deploy.sh test; the container is $container)"
    fi
    sleep 3
done
info "    ok  $url answers"

# --- 2. onboard or log in -------------------------------------------------------------------------
onboarding=$("$CURL" -fsS --max-time 30 "$url/api/onboarding") ||
    die 1 "cannot read $url/api/onboarding"
password=${HA_TEST_PASSWORD:-}
new_instance=0
if printf '%s' "$onboarding" | tr -d ' \n' | grep '"step":"user","done":false' >/dev/null; then
    new_instance=1
    step "Onboarding: creating the owner user '$username'"
    generated_password=0
    if [ -z "$password" ]; then
        password=$(LC_ALL=C tr -dc 'A-Za-z0-9' </dev/urandom | head -c 24 || true)
        [ ${#password} = 24 ] || die 1 "could not generate a password: set HA_TEST_PASSWORD"
        generated_password=1
    fi
    response=$(printf '{"client_id":%s,"name":"HomeIQ Test","username":%s,"password":%s,"language":"en"}' \
        "$(json_string "$client_id")" "$(json_string "$username")" "$(json_string "$password")" |
        post_json /api/onboarding/users) || die 1 "Home Assistant refused to create the user '$username' ($url/api/onboarding/users)"
    code=$(printf '%s' "$response" | json_field auth_code)
    [ -n "$code" ] || die 1 "no auth_code in the onboarding answer of $url"
    if [ "$generated_password" = 1 ]; then
        info "    user '$username' created with the password: $password"
        info "    (keep it: it logs you in to $url, and HA_TEST_PASSWORD=… lets this script log in again)"
    else
        info "    user '$username' created (password from HA_TEST_PASSWORD)"
    fi
else
    step "Logging in as '$username' (the instance is already onboarded)"
    [ -n "$password" ] ||
        die 1 "the test Home Assistant is already onboarded: set HA_TEST_PASSWORD (and --username) to log in, or create a token in its UI ($url, your profile > Security > Long-lived access tokens)"
    flow=$(printf '{"client_id":%s,"handler":["homeassistant",null],"redirect_uri":%s}' \
        "$(json_string "$client_id")" "$(json_string "$client_id?auth_callback=1")" |
        post_json /auth/login_flow) || die 1 "cannot start a login flow at $url/auth/login_flow"
    flow_id=$(printf '%s' "$flow" | json_field flow_id)
    [ -n "$flow_id" ] || die 1 "no flow_id in the login answer of $url"
    result=$(printf '{"client_id":%s,"username":%s,"password":%s}' \
        "$(json_string "$client_id")" "$(json_string "$username")" "$(json_string "$password")" |
        post_json "/auth/login_flow/$flow_id") || die 1 "login as '$username' failed at $url"
    code=$(printf '%s' "$result" | json_field result)
    [ -n "$code" ] || die 1 "login as '$username' refused: wrong username or HA_TEST_PASSWORD"
fi

# --- 3. access token ----------------------------------------------------------------------------
token_response=$(printf 'grant_type=authorization_code&code=%s&client_id=%s' "$code" "$client_id" |
    "$CURL" -fsS --max-time 30 -X POST -H 'Content-Type: application/x-www-form-urlencoded' --data-binary @- "$url/auth/token") ||
    die 1 "cannot exchange the login for an access token at $url/auth/token"
access_token=$(printf '%s' "$token_response" | json_field access_token)
[ -n "$access_token" ] || die 1 "no access_token in the answer of $url/auth/token"

if [ "$new_instance" = 1 ]; then
    # Finish onboarding so the UI does not ask again (best effort: the token does not need it).
    for finish in core_config analytics; do
        printf '{}' | post_json "/api/onboarding/$finish" "$access_token" >/dev/null 2>&1 ||
            warn "onboarding step $finish not completed (finish it in the UI at $url)"
    done
    printf '{"client_id":%s,"redirect_uri":%s}' "$(json_string "$client_id")" "$(json_string "$client_id?auth_callback=1")" |
        post_json /api/onboarding/integration "$access_token" >/dev/null 2>&1 ||
        warn "onboarding step integration not completed (finish it in the UI at $url)"
fi

# --- 4. long-lived token (WebSocket API, from inside the container) -------------------------------
step "Creating a long-lived access token (container $container)"
client_name="homeiq-test $(date -u +%Y-%m-%dT%H:%M:%SZ)"
llat=$(HA_ACCESS_TOKEN=$access_token HA_CLIENT_NAME=$client_name HA_LIFESPAN=$lifespan \
    "$DOCKER" exec -i -e HA_ACCESS_TOKEN -e HA_CLIENT_NAME -e HA_LIFESPAN "$container" python3 - <<'PYTHON'
import asyncio, json, os, sys
import aiohttp

async def main():
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect("ws://127.0.0.1:8123/api/websocket") as ws:
            await ws.receive_json()  # auth_required
            await ws.send_json({"type": "auth", "access_token": os.environ["HA_ACCESS_TOKEN"]})
            reply = await ws.receive_json()
            if reply.get("type") != "auth_ok":
                sys.exit("websocket authentication failed: " + json.dumps(reply))
            await ws.send_json({"id": 1, "type": "auth/long_lived_access_token",
                                "client_name": os.environ["HA_CLIENT_NAME"],
                                "lifespan": int(os.environ["HA_LIFESPAN"])})
            reply = await ws.receive_json()
            if not reply.get("success"):
                sys.exit("long-lived token refused: " + json.dumps(reply))
            print(reply["result"])

asyncio.run(main())
PYTHON
) || die 1 "could not create the long-lived token through $DOCKER exec $container (is the test deployment running?)"
llat=$(printf '%s' "$llat" | tr -d '\r\n')
[[ "$llat" =~ ^[A-Za-z0-9._-]+$ ]] || die 1 "the container answered something that is not a token"

# --- 5. result -----------------------------------------------------------------------------------
secrets_rel=$(mode_secrets_file test)
if [ "$write" = 1 ]; then
    if [ -f "$secrets_rel" ]; then
        problem=$(secrets_file_problem "$root" "$secrets_rel") || die 1 "not writing: $problem"
    fi
    (
        umask 077
        HA_TEST_TOKEN_VALUE=$llat awk '
            BEGIN { done = 0 }
            /^[[:space:]]*(export[[:space:]]+)?HA_TEST_TOKEN[[:space:]]*=/ { if (!done) print "HA_TEST_TOKEN=" ENVIRON["HA_TEST_TOKEN_VALUE"]; done = 1; next }
            { print }
            END { if (!done) print "HA_TEST_TOKEN=" ENVIRON["HA_TEST_TOKEN_VALUE"] }
        ' "$([ -f "$secrets_rel" ] && printf '%s' "$secrets_rel" || printf '/dev/null')" >"$secrets_rel.tmp"
        mv "$secrets_rel.tmp" "$secrets_rel"
    )
    chmod 600 "$secrets_rel"
fi

step "Done"
printf 'HA_TEST_TOKEN=%s\n' "$llat"
if [ "$write" = 1 ]; then
    info "Stored in $secrets_rel (mode 600). Redeploy so the test services use it: scripts/deploy.sh test"
else
    info "Put it where scripts/deploy.sh test finds it, then redeploy (scripts/deploy.sh test):"
    info "  - the line above in $secrets_rel (chmod 600; git-ignored), or run this script with --write"
    info "  - or the environment: export HA_TEST_TOKEN=…"
fi
