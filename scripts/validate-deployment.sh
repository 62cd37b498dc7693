#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# validate-deployment.sh: the second line of defence before a deployment, with standard tools
# only (no Swift, no Python). See --help.
set -euo pipefail

HOMEIQ_SCRIPT=validate-deployment
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
# shellcheck source=lib/swarm.sh
. "$here/lib/swarm.sh"

usage() {
    cat <<'USAGE'
Usage: scripts/validate-deployment.sh [options] test|production|prod

Checks the generated compose file and env file of one deployment mode before it is deployed,
with the standard tools of the NUC (no Swift toolchain, no Python needed):

  - both files are intact: their "# sha256:" digest matches every other byte of the file (a
    hand edit anywhere, header included, is refused) and the header names the mode;
  - the compose file runs exactly the services its x-homeiq facts require for the mode (the
    facts come from Deployments/: this script keeps no list of services, roles, flags or
    secrets), and none of the stack's services the facts forbid in the mode;
  - every service carries the mode label equal to the mode and a role label naming a role
    that may run in the mode; every service of a role that runs in every mode (ai) runs in
    both modes;
  - every service's DEPLOYMENT_MODE, and the env file's, equals the mode (test, production);
  - every feature flag is true exactly when one of the services that back it runs in the mode;
  - production has no secret literal: keys that name a secret (the facts' secret-names) are
    ${NAME:?message} references in the compose file and ${NAME} in the env file, and the
    secrets required are the facts' list; test needs no secret (an escaped $${NAME:?…} is
    text, not a reference);
  - every bind-mounted host file exists (the mode's data folder is created by scripts/deploy.sh).

Each failure names the file (and line), the service and the key. All failures are reported.

Options:
  --parser auto|compose|plain   how to read the compose file (default auto):
                                compose  `$DOCKER compose config --no-interpolate` (needs the
                                         Docker Compose plugin; compose's own reading)
                                plain    a small built-in parser of the generated layout
                                auto     compose when `$DOCKER compose version` reports
                                         Compose v2 or newer, else plain (Compose v1
                                         prints another layout and is not used)
  --swarm                       check the running Docker Swarm stack of the mode against its
                                stack file instead (needs the engine): every task on a node its
                                placement allows, all replicas running, mode and role labels,
                                secrets mounted as files and absent from `docker inspect` env
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
swarm=0
args_parse usage --parser=:parser -q\|--quiet:quiet --swarm:swarm @mode_arg:mode -- "$@"
[ -n "$mode_arg" ] || { usage >&2; exit 2; }
mode=$(mode_normalize "$mode_arg") || die 2 "unknown mode '$mode_arg': use test, production or prod"
case "$parser" in auto | compose | plain) ;; *) die 2 "unknown parser '$parser': use auto, compose or plain" ;; esac

root=$(homeiq_root "${BASH_SOURCE[0]}") || die 2 "cannot find the repository root from ${BASH_SOURCE[0]}"
cd "$root"
if [ "$swarm" = 1 ]; then
    DOCKER=${DOCKER:-docker}
    swarm_validate "$mode" || die 1 "the running $mode stack does not match its stack file (see above)"
    exit 0
fi

compose_file=$(mode_compose_file "$mode")
other=$(mode_other "$mode")

failures=()
# fail LOCATION TEXT: records a problem; LOCATION is FILE, FILE:LINE, or "FILE[:LINE]: service S: KEY".
fail() { failures+=("$1: $2"); }

ok_lines=()
ok() { ok_lines+=("$*"); }

# --- 1. the facts of the mode (x-homeiq in the compose file) --------------------------------------
project="" env_file="" data_dir="" mode_label="" role_label="" egress_guard="" egress_bridge=""
roles=()
declare -A role_modes=() every_mode_role=() required_service=() forbidden_service=() flag_services=() required_secret=()
secret_words=() secret_suffixes=() secret_fragments=()
while IFS=$'\t' read -r path value; do
    case "$path" in
        project) project=$value ;;
        files/env) env_file=$value ;;
        files/data) data_dir=$value ;;
        labels/mode) mode_label=$value ;;
        labels/role) role_label=$value ;;
        roles/*)
            [ -n "${role_modes[${path#roles/}]+set}" ] || roles+=("${path#roles/}")
            role_modes[${path#roles/}]+=" $value "
            ;;
        every-mode-roles) every_mode_role[$value]=1 ;;
        services/*) required_service[${path#services/}]=$value ;;
        forbidden-services/*) forbidden_service[${path#forbidden-services/}]=$value ;;
        feature-flags/*) flag_services[${path#feature-flags/}]+=" $value" ;;
        secrets/required/*) required_secret[${path#secrets/required/}]+="|$value" ;;
        secret-names/words) secret_words+=("$value") ;;
        secret-names/suffixes) secret_suffixes+=("$value") ;;
        secret-names/fragments) secret_fragments+=("$value") ;;
        egress/guard) egress_guard=$value ;;
        egress/bridge) egress_bridge=$value ;;
    esac
done < <(generated_facts "$compose_file")
for fact in project:"$project" files/env:"$env_file" files/data:"$data_dir" labels/mode:"$mode_label" labels/role:"$role_label"; do
    [ -n "${fact#*:}" ] || die 1 "$compose_file: its x-homeiq facts have no ${fact%%:*}: run \"swift run homeiq-gen\" and commit generated/"
done
[ ${#roles[@]} -gt 0 ] || die 1 "$compose_file: its x-homeiq facts have no roles: run \"swift run homeiq-gen\" and commit generated/"
role_list=$(printf '%s, ' "${roles[@]}")
role_list=${role_list%, }

# --- 2. digests and headers ----------------------------------------------------------------------
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
[ ${#failures[@]} -gt 0 ] || ok "digests intact: $compose_file, $env_file"

# --- 3. read the compose file -----------------------------------------------------------------
if [ "$parser" != plain ]; then
    # The major version of `$DOCKER compose` (empty when it does not answer).
    version=$("${DOCKER:-docker}" compose version --short 2>/dev/null) || version=""
    major=""
    if [[ "$version" =~ (^|[^0-9.])v?([0-9]+)\.[0-9]+ ]]; then major=${BASH_REMATCH[2]}; fi
    if [ "$parser" = auto ]; then
        # Compose v1 prints another layout (and knows no `name:`): read the file ourselves.
        if [ -n "$major" ] && [ "$major" -ge 2 ]; then parser=compose; else parser=plain; fi
    elif [ -z "$major" ] || [ "$major" -lt 2 ]; then
        die 1 "--parser compose needs Docker Compose v2 or newer (\`${DOCKER:-docker} compose version --short\` says '${version:-nothing}'): use --parser plain"
    fi
fi
records=""
parsed=1 # 0 when compose rejects the file (that is the finding; nothing else is read)
if [ "$parser" = compose ]; then
    compose_cmd_for "$mode"
    config_errors=$(mktemp)
    trap 'rm -f "$config_errors"' EXIT
    if ! records=$("${COMPOSE_CMD[@]}" config --no-interpolate 2>"$config_errors" | compose_records -); then
        fail "$compose_file" "docker compose config rejects it: $(tr '\n' ' ' <"$config_errors")"
        records=""
        parsed=0
    fi
    # compose's output has its own line numbers: name the file only.
    where() { printf '%s' "$compose_file"; }
else
    records=$(compose_records "$compose_file")
    where() { printf '%s:%s' "$compose_file" "$1"; }
fi

# is_secret_key KEY: KEY names a secret (the facts' secret-names: whole words, suffixes, fragments;
# case-insensitive).
is_secret_key() {
    local upper=${1^^} pattern
    for pattern in "${secret_words[@]}"; do [ "$upper" != "$pattern" ] || return 0; done
    for pattern in "${secret_suffixes[@]}"; do [[ "$upper" != *"$pattern" ]] || return 0; done
    for pattern in "${secret_fragments[@]}"; do [[ "$upper" != *"$pattern"* ]] || return 0; done
    return 1
}

# required_references VALUE: the NAMEs of the `${NAME:?…}` references of a compose VALUE, one a
# line; an escaped `$${…}` is text, not a reference.
required_references() {
    local rest=${1//\$\$/}
    while [[ "$rest" =~ \$\{([A-Za-z_][A-Za-z0-9_]*):\?(.*)$ ]]; do
        printf '%s\n' "${BASH_REMATCH[1]}"
        rest=${BASH_REMATCH[2]}
    done
}

# expected_flag FLAG: true when one of the services that back FLAG runs in this mode, else false.
expected_flag() {
    local service
    for service in ${flag_services[$1]}; do
        [ -z "${required_service[$service]:-}" ] || { printf 'true\n'; return; }
    done
    printf 'false\n'
}

# flag_backers FLAG: the services that back FLAG, comma-separated.
flag_backers() {
    local -a names
    read -ra names <<<"${flag_services[$1]}"
    local IFS=,
    printf '%s' "${names[*]}" | sed 's/,/, /g'

}

# check_flag LOCATION KEY VALUE: a feature flag has the value its services give it in this mode.
check_flag() {
    local location=$1 key=$2 value=$3 expected
    [ -n "${flag_services[$key]+set}" ] || return 0
    [[ "$value" != *"\${"* ]] || return 0 # interpolated from the env file, which is checked itself
    expected=$(expected_flag "$key")
    if [ "$value" != "$expected" ]; then
        if [ "$expected" = true ]; then
            fail "$location" "is '$value': $key is true in $mode (backed by $(flag_backers "$key"), which runs in $mode)"
        else
            fail "$location" "is '$value': $key is false in $mode (none of $(flag_backers "$key") runs in $mode)"
        fi
    fi
}

declare -A service_line=() label_mode=() label_mode_line=() label_role=() label_role_line=() deployment_mode=() deployment_mode_line=() referenced_secret=()
declare -A network_mode=() guard_bridge=()
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
        scalar) [ "$key" != network_mode ] || network_mode[$service]=$value ;;
        label)
            case "$key" in
                "$mode_label") label_mode[$service]=$value; label_mode_line[$service]=$line ;;
                "$role_label") label_role[$service]=$value; label_role_line[$service]=$line ;;
            esac
            ;;
        env)
            location="$(where "$line"): service $service: $key"
            if [ "$key" = DEPLOYMENT_MODE ]; then
                deployment_mode[$service]=$value
                deployment_mode_line[$service]=$line
            fi
            [ "$key" != EGRESS_GUARD_BRIDGE ] || guard_bridge[$service]=$value
            check_flag "$location" "$key" "$value"
            mapfile -t names < <(required_references "$value")
            for name in "${names[@]}"; do
                referenced_secret[$name]=1
                if [ "$mode" = test ]; then
                    fail "$location" "requires the secret $name: the test deployment must run without production secrets"
                elif [ -z "${required_secret[$name]:-}" ]; then
                    fail "$location" "requires the secret $name, which the facts do not list: deploy.sh would not ask for it (regenerate with homeiq-gen)"
                fi
            done
            # A secret is a required ${NAME:?message} or an optional ${NAME:-} (.optionalSecret): never a literal.
            if [ "$mode" = production ] && is_secret_key "$key" && ! [[ "$value" =~ ^\$\{[A-Za-z_][A-Za-z0-9_]*(:\?[^}]*|:-)\}$ ]]; then
                if [[ "$value" =~ ^\$\{[A-Za-z_][A-Za-z0-9_]*:?-.*\}$ ]]; then
                    fail "$location" "a secret with a default value: write it as \${NAME:?message} in Deployments/ (.secret(\"NAME\")), or \${NAME:-} when optional (.optionalSecret(\"NAME\"))"
                else
                    fail "$location" "a secret literal in production: it must be a \${NAME:?message} reference (.secret(\"NAME\") in Deployments/)"
                fi
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
                        "$data_dir" | "$data_dir"/* | "$root/$data_dir" | "$root/$data_dir"/*) ;; # created by deploy.sh
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

if [ "$parsed" = 1 ]; then
    if [ "$project_name" != "$project" ]; then
        fail "$compose_file" "name: the compose project is '${project_name:-<none>}', expected '$project' for $mode"
    fi
    [ ${#services[@]} -gt 0 ] || fail "$compose_file" "services: no service found"
    for name in "${!required_secret[@]}"; do
        # Secrets of network or volume names are not in a service's environment.
        [[ "${required_secret[$name]}" != *"|network "* && "${required_secret[$name]}" != *"|volume "* ]] || continue
        [ -n "${referenced_secret[$name]:-}" ] || fail "$compose_file: secret $name" "the facts require it, but no service refers to it as \${$name:?…}"
    done
fi

declare -A role_count=()
for service in "${services[@]}"; do
    at=$(where "${service_line[$service]}")
    if [ -z "${label_mode[$service]+set}" ]; then
        fail "$at: service $service: $mode_label" "label missing (expected '$mode')"
    elif [ "${label_mode[$service]}" != "$mode" ]; then
        fail "$(where "${label_mode_line[$service]}"): service $service: $mode_label" "is '${label_mode[$service]}', expected '$mode'"
    fi
    role=${label_role[$service]:-}
    role_at="$(where "${label_role_line[$service]:-${service_line[$service]}}"): service $service: $role_label"
    if [ -z "$role" ]; then
        fail "$at: service $service: $role_label" "label missing (one of $role_list)"
    elif [ -z "${role_modes[$role]+set}" ]; then
        fail "$role_at" "unknown role '$role' (one of $role_list)"
    else
        role_count[$role]=$((${role_count[$role]:-0} + 1))
    fi
    # One finding per service: its role may not run here, Deployments/ forbids it here, does not
    # know it here, or gave it another role.
    if [ -n "$role" ] && [ -n "${role_modes[$role]+set}" ] && [[ "${role_modes[$role]}" != *" $mode "* ]]; then
        fail "$role_at" "role $role in $mode: $role services run in $(printf '%s' "${role_modes[$role]}" | xargs) only"
    elif [ -n "${forbidden_service[$service]:-}" ]; then
        fail "$at: service $service" "must not run in $mode: Deployments/ declares it as a ${forbidden_service[$service]} service of $other only"
    elif [ -z "${required_service[$service]:-}" ]; then
        fail "$at: service $service" "not a service of $mode in Deployments/ (the facts of $compose_file do not list it)"
    elif [ -n "$role" ] && [ "$role" != "${required_service[$service]}" ]; then
        fail "$role_at" "is '$role', but Deployments/ declares $service as ${required_service[$service]}"
    fi
    if [ -z "${deployment_mode[$service]+set}" ]; then
        fail "$at: service $service: DEPLOYMENT_MODE" "missing from its environment (expected '$mode')"
    elif [ "${deployment_mode[$service]}" != "$mode" ]; then
        fail "$(where "${deployment_mode_line[$service]}"): service $service: DEPLOYMENT_MODE" "is '${deployment_mode[$service]}', expected '$mode'"
    fi
done
if [ "$parsed" = 1 ]; then
    for service in "${!required_service[@]}"; do
        [ -n "${service_line[$service]:-}" ] ||
            fail "$compose_file: service $service" "missing: Deployments/ runs this ${required_service[$service]} service in $mode"
    done
fi

# The egress guard (the facts' egress/guard, where an EgressGuard closes the network): it runs on
# the host's network and closes the bridge the facts name.
if [ "$parsed" = 1 ] && [ -n "$egress_guard" ]; then
    if [ -z "${service_line[$egress_guard]:-}" ]; then
        fail "$compose_file: service $egress_guard" "missing: the facts name it as the egress guard of $mode"
    else
        at="$(where "${service_line[$egress_guard]}"): service $egress_guard"
        [ "${network_mode[$egress_guard]:-}" = host ] ||
            fail "$at: network_mode" "is '${network_mode[$egress_guard]:-<none>}', expected 'host': the egress guard keeps its rule in the host's firewall"
        [ "${guard_bridge[$egress_guard]:-}" = "$egress_bridge" ] ||
            fail "$at: EGRESS_GUARD_BRIDGE" "is '${guard_bridge[$egress_guard]:-<none>}', but the facts close the bridge '$egress_bridge'"
        [ "${network_mode[$egress_guard]:-}" != host ] || [ "${guard_bridge[$egress_guard]:-}" != "$egress_bridge" ] ||
            ok "egress guard $egress_guard closes the bridge $egress_bridge (host network)"
    fi
fi

# Roles that run in every mode (ai): the services of that role are the same in both compose files.
if other_file=$(mode_compose_file "$other" 2>/dev/null) && [ ${#every_mode_role[@]} -gt 0 ]; then
    declare -A other_has=() this_has=()
    for service in "${services[@]}"; do
        [ -z "${every_mode_role[${label_role[$service]:-}]:-}" ] || this_has[$service]=${label_role[$service]}
    done
    while IFS=$COMPOSE_FS read -r kind line service key value; do
        [ "$kind" = label ] && [ "$key" = "$role_label" ] && [ -n "${every_mode_role[$value]:-}" ] && other_has[$service]=$value
    done < <(compose_records "$other_file")
    for service in "${!other_has[@]}"; do
        [ -n "${this_has[$service]:-}" ] || fail "$compose_file: service $service: $role_label" "the ${other_has[$service]} service $service of $other_file is missing from $mode: ${other_has[$service]} services run in every mode"
    done
    for service in "${!this_has[@]}"; do
        [ -n "${other_has[$service]:-}" ] || fail "$(where "${service_line[$service]}"): service $service: $role_label" "${this_has[$service]} service missing from $other_file: ${this_has[$service]} services run in every mode"
    done
fi

# --- 4. the env file --------------------------------------------------------------------------
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
    for role in "${roles[@]}"; do
        [ -n "${role_count[$role]:-}" ] && summary+="${summary:+, }${role_count[$role]} $role"
    done
    ok "${#services[@]} services ($summary), exactly the ${#required_service[@]} of the facts, all labelled $mode_label=$mode with DEPLOYMENT_MODE=$mode"
    ok "none of the ${#forbidden_service[@]} services of $other only; ${#flag_services[@]} feature flags agree with the services present"
    if [ "$mode" = production ]; then
        ok "secrets are references: ${#required_secret[@]} required"
    else
        ok "no secret required"
    fi
    info "validate-deployment: $mode is valid (parser: $parser)"
    for line in "${ok_lines[@]}"; do info "  ok  $line"; done
fi
