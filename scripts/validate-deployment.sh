#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# validate-deployment.sh: the second line of defence before a deployment, with standard tools
# only (no Swift, no Python). See --help.
set -euo pipefail

HOMEIQ_SCRIPT=validate-deployment
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=lib/common.sh
. "$here/lib/common.sh"
# shellcheck source=lib/generated.sh
. "$here/lib/generated.sh"
# shellcheck source=lib/compose.sh
. "$here/lib/compose.sh"
# shellcheck source=lib/envfile.sh
. "$here/lib/envfile.sh"

usage() {
    cat <<'USAGE'
Usage: scripts/validate-deployment.sh [options] test|production|prod

Checks the generated compose file and env file of one deployment mode before it is deployed,
with the standard tools of the NUC (no Swift toolchain, no Python needed):

  - both files are intact: their "# sha256:" header digest matches their content (a hand
    edit is refused) and the header names the mode;
  - every service carries the label com.homeiq.mode equal to the mode and a valid
    com.homeiq.role (core, ai, external-api, data-generation, test-fixture);
  - production has no data-generation or test-fixture service; test has no external-api
    service; every ai service runs in both modes;
  - every service's DEPLOYMENT_MODE, and the env file's, equals the mode (test, production);
  - feature flags agree: data generation off in production, external APIs off in test,
    AI on in both;
  - production has no secret literal: keys like *_TOKEN, *_PASSWORD, *SECRET*, *API_KEY* are
    ${NAME:?message} references in the compose file and ${NAME} in the env file; test
    needs no production secret;
  - every bind-mounted host file exists (data/ folders are created by scripts/deploy.sh).

Each failure names the file (and line), the service and the key. All failures are reported.

Options:
  --parser auto|compose|plain   how to read the compose file (default auto):
                                compose  `$DOCKER compose config --no-interpolate` (needs the
                                         Docker Compose plugin; compose's own reading)
                                plain    a small built-in parser of the generated layout
                                auto     compose when `$DOCKER compose version` works, else plain
  -q, --quiet                   print nothing on success
  -h, --help                    show this help

Environment:
  DOCKER   the docker binary (default: docker); only used by the compose parser

Exit status:
  0  the deployment is valid
  1  validation failed (every problem is listed on standard error)
  2  usage error
USAGE
}

parser=auto
quiet=0
mode_arg=""
while [ $# -gt 0 ]; do
    case "$1" in
        -h | --help) usage; exit 0 ;;
        -q | --quiet) quiet=1 ;;
        --parser)
            [ $# -ge 2 ] || die 2 "--parser needs a value: auto, compose or plain"
            parser=$2
            shift
            ;;
        --parser=*) parser=${1#--parser=} ;;
        -*) die 2 "unknown option '$1' (see --help)" ;;
        *)
            [ -z "$mode_arg" ] || die 2 "one mode only (got '$mode_arg' and '$1')"
            mode_arg=$1
            ;;
    esac
    shift
done
[ -n "$mode_arg" ] || { usage >&2; exit 2; }
mode=$(mode_normalize "$mode_arg") || die 2 "unknown mode '$mode_arg': use test, production or prod"
case "$parser" in auto | compose | plain) ;; *) die 2 "unknown parser '$parser': use auto, compose or plain" ;; esac

root=$(homeiq_root "${BASH_SOURCE[0]}") || die 2 "cannot find the repository root from ${BASH_SOURCE[0]}"
cd "$root"

compose_file=$(mode_compose_file "$mode")
env_file=$(mode_env_file "$mode")
project=$(mode_project "$mode")
other=$(mode_other "$mode")

failures=()
# fail LOCATION TEXT: records a problem; LOCATION is FILE, FILE:LINE, or "FILE[:LINE]: service S: KEY".
fail() { failures+=("$1: $2"); }

ok_lines=()
ok() { ok_lines+=("$*"); }

# --- 1. digests and headers ----------------------------------------------------------------------
for file in "$compose_file" "$env_file"; do
    if problem=$(generated_verify "$file"); then
        header_mode=$(generated_header_mode "$file")
        if [ "$header_mode" != "$mode" ]; then
            fail "$file:2" "header: the file is for mode '${header_mode:-?}', expected '$mode'"
        fi
    else
        failures+=("$problem")
    fi
done
if [ ! -f "$compose_file" ]; then
    for problem in "${failures[@]}"; do error "$problem"; done
    die 1 "cannot validate $mode without $compose_file"
fi
[ ${#failures[@]} -gt 0 ] || ok "digests intact: $compose_file, $env_file"

# --- 2. read the compose file -----------------------------------------------------------------
if [ "$parser" = auto ]; then
    if "${DOCKER:-docker}" compose version >/dev/null 2>&1; then parser=compose; else parser=plain; fi
fi
records=""
if [ "$parser" = compose ]; then
    compose_cmd_for "$mode"
    config_errors=$(mktemp)
    trap 'rm -f "$config_errors"' EXIT
    if ! records=$("${COMPOSE_CMD[@]}" config --no-interpolate 2>"$config_errors" | compose_records -); then
        fail "$compose_file" "docker compose config rejects it: $(tr '\n' ' ' <"$config_errors")"
        records=""
    fi
    # compose's output has its own line numbers: name the file only.
    where() { printf '%s' "$compose_file"; }
else
    records=$(compose_records "$compose_file")
    where() { printf '%s:%s' "$compose_file" "$1"; }
fi

# Flags with a fixed meaning (story 40.4): data generation off in production, external APIs
# off in test, AI on in both.
data_generation_flags=" ENABLE_SYNTHETIC_DATA_GENERATION ENABLE_MOCK_DATA_CREATION "
external_api_flags=" ENABLE_WEATHER_API ENABLE_CARBON_INTENSITY ENABLE_ELECTRICITY_PRICING ENABLE_AIR_QUALITY ENABLE_CALENDAR ENABLE_SMART_METER ENABLE_SPORTS_DATA "
ai_flags=" ENABLE_AI_AUTOMATION ENABLE_OPENAI_SERVICE ENABLE_DEVICE_INTELLIGENCE "

# is_secret_key KEY: the key names a secret (DESIGN.md: *_TOKEN, *_PASSWORD, *SECRET*, *API_KEY*).
is_secret_key() {
    case "$1" in *_TOKEN | *_PASSWORD | *SECRET* | *API_KEY*) return 0 ;; *) return 1 ;; esac
}

# check_flag LOCATION KEY VALUE: the fixed-meaning flags of the mode.
check_flag() {
    local location=$1 key=$2 value=$3
    if [ "$mode" = production ] && [[ "$data_generation_flags" == *" $key "* ]] && [ "$value" != false ]; then
        fail "$location" "is '$value': data generation must be disabled in production (false)"
    fi
    if [ "$mode" = test ] && [[ "$external_api_flags" == *" $key "* ]] && [ "$value" != false ]; then
        fail "$location" "is '$value': external API services must be disabled in test (false)"
    fi
    if [[ "$ai_flags" == *" $key "* ]] && [ "$value" != true ]; then
        fail "$location" "is '$value': AI services run in both modes (true)"
    fi
}

declare -A service_line=() label_mode=() label_mode_line=() label_role=() label_role_line=() deployment_mode=() deployment_mode_line=()
services=()
project_name=""
while IFS=$COMPOSE_FS read -r kind line service key value; do
    case "$kind" in
        name) project_name=$value ;;
        service)
            if [ -n "${service_line[$service]:-}" ]; then
                fail "$(where "$line")" "service $service: declared twice (first at line ${service_line[$service]})"
                continue
            fi
            services+=("$service")
            service_line[$service]=$line
            ;;
        label)
            case "$key" in
                com.homeiq.mode) label_mode[$service]=$value; label_mode_line[$service]=$line ;;
                com.homeiq.role) label_role[$service]=$value; label_role_line[$service]=$line ;;
            esac
            ;;
        env)
            location="$(where "$line"): service $service: $key"
            if [ "$key" = DEPLOYMENT_MODE ]; then
                deployment_mode[$service]=$value
                deployment_mode_line[$service]=$line
            fi
            check_flag "$location" "$key" "$value"
            if [ "$mode" = production ] && is_secret_key "$key" && ! [[ "$value" =~ ^\$\{[A-Za-z_][A-Za-z0-9_]*:\?[^}]*\}$ ]]; then
                if [[ "$value" =~ ^\$\{[A-Za-z_][A-Za-z0-9_]*:?-.*\}$ ]]; then
                    fail "$location" "a secret with a default value: write it as \${NAME:?message} in Deployments/ (.secret(\"NAME\"))"
                else
                    fail "$location" "a secret literal in production: it must be a \${NAME:?message} reference (.secret(\"NAME\") in Deployments/)"
                fi
            fi
            if [ "$mode" = test ] && [[ "$value" =~ \$\{([A-Za-z_][A-Za-z0-9_]*):\? ]]; then
                fail "$location" "requires the secret ${BASH_REMATCH[1]}: the test deployment must run without production secrets"
            fi
            ;;
        mount)
            source_path=${value%%:*}
            case "$source_path" in
                . | .. | ./* | ../* | /* | ~*)
                    # Relative host paths are relative to the compose file's folder (generated/).
                    case "$source_path" in
                        /*) host_path=$source_path ;;
                        ../*) host_path=${source_path#../} ;;
                        *) host_path="$(dirname "$compose_file")/${source_path#./}" ;;
                    esac
                    case "$host_path" in
                        data | data/* | "$root"/data | "$root"/data/*) ;; # created by deploy.sh
                        *)
                            if [ ! -e "$host_path" ]; then
                                fail "$(where "$line"): service $service: volumes" "bind mount source $source_path ($host_path) does not exist: docker would create an empty directory in its place"
                            fi
                            ;;
                    esac
                    ;;
            esac
            ;;
        unsupported)
            fail "$(where "$line"): service $service: $key" "flow-style value '$value' cannot be read: regenerate the file with homeiq-gen"
            ;;
    esac
done <<<"$records"

if [ -n "$records" ]; then
    if [ "$project_name" != "$project" ]; then
        fail "$compose_file" "name: the compose project is '${project_name:-<none>}', expected '$project' for $mode"
    fi
    [ ${#services[@]} -gt 0 ] || fail "$compose_file" "services: no service found"
fi

declare -A role_count=()
for service in "${services[@]}"; do
    at=$(where "${service_line[$service]}")
    if [ -z "${label_mode[$service]+set}" ]; then
        fail "$at: service $service: com.homeiq.mode" "label missing (expected '$mode')"
    elif [ "${label_mode[$service]}" != "$mode" ]; then
        fail "$(where "${label_mode_line[$service]}"): service $service: com.homeiq.mode" "is '${label_mode[$service]}', expected '$mode'"
    fi
    role=${label_role[$service]:-}
    role_at="$(where "${label_role_line[$service]:-${service_line[$service]}}"): service $service: com.homeiq.role"
    case "$role" in
        "") fail "$at: service $service: com.homeiq.role" "label missing (one of core, ai, external-api, data-generation, test-fixture)" ;;
        core | ai | external-api | data-generation | test-fixture) role_count[$role]=$((${role_count[$role]:-0} + 1)) ;;
        *) fail "$role_at" "unknown role '$role' (one of core, ai, external-api, data-generation, test-fixture)" ;;
    esac
    if [ "$mode" = production ] && { [ "$role" = data-generation ] || [ "$role" = test-fixture ]; }; then
        fail "$role_at" "a $role service in production: data generation and test fixtures run in test only"
    fi
    if [ "$mode" = test ] && [ "$role" = external-api ]; then
        fail "$role_at" "an external-api service in test: external APIs run in production only (they spend real API quota)"
    fi
    if [ -z "${deployment_mode[$service]+set}" ]; then
        fail "$at: service $service: DEPLOYMENT_MODE" "missing from its environment (expected '$mode')"
    elif [ "${deployment_mode[$service]}" != "$mode" ]; then
        fail "$(where "${deployment_mode_line[$service]}"): service $service: DEPLOYMENT_MODE" "is '${deployment_mode[$service]}', expected '$mode'"
    fi
done

# AI runs in both modes: the ai services of both compose files are the same.
other_file=$(mode_compose_file "$other")
if [ -f "$other_file" ]; then
    declare -A other_ai=() this_ai=()
    for service in "${services[@]}"; do
        [ "${label_role[$service]:-}" = ai ] && this_ai[$service]=1
    done
    while IFS=$COMPOSE_FS read -r kind line service key value; do
        [ "$kind" = label ] && [ "$key" = com.homeiq.role ] && [ "$value" = ai ] && other_ai[$service]=1
    done < <(compose_records "$other_file")
    for service in "${!other_ai[@]}"; do
        [ -n "${this_ai[$service]:-}" ] || fail "$compose_file: service $service: com.homeiq.role" "the ai service $service of $other_file is missing from $mode: AI services run in both modes"
    done
    for service in "${!this_ai[@]}"; do
        [ -n "${other_ai[$service]:-}" ] || fail "$(where "${service_line[$service]}"): service $service: com.homeiq.role" "ai service missing from $other_file: AI services run in both modes"
    done
fi

# --- 3. the env file --------------------------------------------------------------------------
if [ -f "$env_file" ]; then
    env_mode=""
    env_mode_seen=0
    while IFS=$ENVFILE_FS read -r kind line key value; do
        location="$env_file:$line: $key"
        if [ "$kind" = invalid ]; then
            fail "$env_file:$line" "$value"
            continue
        fi
        case "$key" in
            DEPLOYMENT_MODE) env_mode=$value; env_mode_seen=1; env_mode_line=$line ;;
            COMPOSE_PROJECT_NAME) [ "$value" = "$project" ] || fail "$location" "is '$value', expected '$project'" ;;
        esac
        check_flag "$location" "$key" "$value"
        if [ "$mode" = production ] && is_secret_key "$key" && ! [[ "$value" =~ ^\$\{[A-Za-z_][A-Za-z0-9_]*\}$ ]]; then
            fail "$location" "a secret literal in production: it must be a \${NAME} reference"
        fi
    done < <(envfile_records "$env_file")
    if [ "$env_mode_seen" = 0 ]; then
        fail "$env_file: DEPLOYMENT_MODE" "missing (expected '$mode')"
    elif [ "$env_mode" != "$mode" ]; then
        fail "$env_file:$env_mode_line: DEPLOYMENT_MODE" "is '$env_mode', expected '$mode'"
    fi
fi

# --- report -----------------------------------------------------------------------------------
if [ ${#failures[@]} -gt 0 ]; then
    for problem in "${failures[@]}"; do error "$problem"; done
    printf '%s: %d problem(s): the %s deployment is not valid\n' "$HOMEIQ_SCRIPT" "${#failures[@]}" "$mode" >&2
    exit 1
fi

if [ "$quiet" = 0 ]; then
    summary=""
    for role in core ai external-api data-generation test-fixture; do
        [ -n "${role_count[$role]:-}" ] && summary+="${summary:+, }${role_count[$role]} $role"
    done
    ok "${#services[@]} services ($summary), all labelled com.homeiq.mode=$mode with DEPLOYMENT_MODE=$mode"
    if [ "$mode" = production ]; then
        ok "no data-generation or test-fixture service; secrets are references: $(compose_required_secrets "$compose_file" | wc -l | tr -d ' ') required"
    else
        ok "no external-api service; no production secret required"
    fi
    info "validate-deployment: $mode is valid (parser: $parser)"
    for line in "${ok_lines[@]}"; do info "  ok  $line"; done
fi
