#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# deploy.sh: deploys the test or the production mode of HomeIQ from the committed generated
# files, with standard tools only (git, docker, coreutils). See --help.
set -euo pipefail

HOMEIQ_SCRIPT=deploy
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

DEFAULT_TIMEOUT=300

usage() {
    cat <<USAGE
Usage: scripts/deploy.sh [options] test|production|prod

Deploys one mode of HomeIQ with \`docker compose up -d --wait\`, from the generated files:

  test        generated/docker-compose.test.yml + generated/env.test        (project homeiq-test)
  production  generated/docker-compose.prod.yml + generated/env.production  (project homeiq)

Steps, in order (any refusal stops before anything changes):
  1. prints the mode, project, files, hardware profile and budget it deploys;
  2. checks that all four generated files are intact (header digest = content: a hand edit is
     refused) and, when a Swift toolchain is present, that they are current (homeiq-gen --check);
  3. runs scripts/validate-deployment.sh for the mode;
  4. production: checks that every required secret (each \${NAME:?…} of the compose file) is
     set, from the environment or from infrastructure/secrets.production.env (refused when git
     tracks it or group/others may read it; read as KEY=VALUE data, never executed). Test reads
     infrastructure/secrets.test.env the same way when it exists (e.g. HA_TEST_TOKEN);
  5. checks that compose accepts the file (\`config --quiet\`) and creates data/<mode>/;
  6. stops the other mode first (the modes are mutually exclusive on an 8 GB NUC) and
     remembers whether it was running;
  7. \`up -d --wait --wait-timeout SECONDS\`, then prints a health table per service;
  8. on failure rolls back: brings the failed stack down and restarts the mode that was
     running before (with its own up command), then exits 3 (4 if that restart failed too).

Options:
  --dry-run                 run the checks, print every docker command it would run (lines
                            starting with "+ "), and run no docker command at all
  --timeout SECONDS         how long \`up --wait\` waits for healthy services (default $DEFAULT_TIMEOUT)
  --skip-generator-check    do not run homeiq-gen --check even when Swift is installed
                            (the digest check still runs)
  --allow-side-by-side      keep the other mode running; only accepted when the generated
                            header says hardware nuc-16gb (HomeIQ.hardware = .nuc16gb)
  -h, --help                show this help

Environment:
  DOCKER        the docker binary (default: docker). For rehearsals and tests:
                DOCKER=scripts/testing/fake-docker FAKE_DOCKER_LOG=/tmp/log scripts/deploy.sh test
  HOMEIQ_GEN    the homeiq-gen command for the currency check (default: \`swift run
                --package-path <repo> homeiq-gen\` when \`swift\` is on PATH)
  Secrets (production): the names in infrastructure/secrets.production.env.example; a variable
                set in the environment wins over the secrets file.

Exit status:
  0  deployed and healthy (or, with --dry-run, all checks passed)
  1  refused before any change: a hand-edited, stale or invalid generated file, a missing
     secret, an unsafe secrets file, side-by-side not allowed, docker or compose unavailable
  2  usage error
  3  the deployment failed and was rolled back (failed stack down, previous mode restarted)
  4  the deployment failed and the rollback failed too: see the messages, act by hand
USAGE
}

# --- arguments ---------------------------------------------------------------------------------
dry_run=0
skip_generator_check=0
side_by_side=0
timeout=$DEFAULT_TIMEOUT
mode_arg=""
args_parse usage --dry-run:dry_run --skip-generator-check:skip_generator_check \
    --allow-side-by-side:side_by_side --timeout=:timeout @mode_arg:mode -- "$@"
[ -n "$mode_arg" ] || { usage >&2; exit 2; }
mode=$(mode_normalize "$mode_arg") || die 2 "unknown mode '$mode_arg': use test, production or prod"
[[ "$timeout" =~ ^[1-9][0-9]*$ ]] || die 2 "--timeout must be a positive number of seconds (got '$timeout')"

root=$(homeiq_root "${BASH_SOURCE[0]}") || die 2 "cannot find the repository root from ${BASH_SOURCE[0]}"
cd "$root"

DOCKER=${DOCKER:-docker}
other=$(mode_other "$mode")
project=$(mode_project "$mode")
compose_file=$(mode_compose_file "$mode")
env_file=$(mode_env_file "$mode")

# Docker command lines go to the original standard output (fd 3), also from inside $(…).
exec 3>&1

# --- running docker ------------------------------------------------------------------------------

# export_placeholders MODE: gives every unset required secret of MODE a placeholder value, for
# commands that only look containers up by project (ps, down): compose still interpolates the
# file, and ${NAME:?} would stop it. Never used for `up`.
export_placeholders() {
    local name
    for name in $(compose_required_secrets "$(mode_compose_file "$1")"); do
        [ -n "${!name:-}" ] || export "$name=unused-by-ps-and-down"
    done
}

# use_secrets_of MODE: in a subshell about to run a command for the other mode, forgets the
# secrets loaded from this mode's file and loads MODE's secrets file, if it is safe (else warns).
use_secrets_of() {
    local target=$1 name rel problem
    for name in "${SECRETS_LOADED[@]}"; do unset "$name"; done
    SECRETS_LOADED=()
    rel=$(mode_secrets_file "$target")
    [ -f "$rel" ] || return 0
    if ! problem=$(secrets_file_problem "$root" "$rel"); then
        warn "not reading $problem"
        return 0
    fi
    # shellcheck disable=SC2046 # one name per word
    secrets_load "$root" "$rel" $(compose_referenced_variables "$(mode_compose_file "$target")" "$(mode_env_file "$target")") ||
        warn "$(printf '%s; ' "${SECRETS_PROBLEMS[@]}")"
}

# run_docker [--placeholders MODE] [--secrets-of MODE] [--note TEXT] WORD...: prints "+ WORDS"
# (plus "  # TEXT") on fd 3 and, unless this is a dry run, runs the command in a subshell.
run_docker() {
    local placeholders="" secrets_of="" note=""
    while :; do
        case "$1" in
            --placeholders) placeholders=$2; shift 2 ;;
            --secrets-of) secrets_of=$2; shift 2 ;;
            --note) note=$2; shift 2 ;;
            *) break ;;
        esac
    done
    printf '+ %s%s\n' "$(command_line "$@")" "${note:+  # $note}" >&3
    [ "$dry_run" = 0 ] || return 0
    (
        if [ -n "$secrets_of" ]; then use_secrets_of "$secrets_of"; fi
        if [ -n "$placeholders" ]; then export_placeholders "$placeholders"; fi
        "$@"
    )
}

# run_step WORD...: prints "+ WORDS" and runs the (non-docker) command unless this is a dry run.
run_step() {
    printf '+ %s\n' "$(command_line "$@")" >&3
    [ "$dry_run" = 0 ] || return 0
    "$@"
}

# is_running MODE: whether MODE's compose project has running containers (`ps -q`).
# Sets RUNNING_STATE to yes, no, or unknown (dry run); fails when docker cannot be asked.
is_running() {
    local ids errors status=0
    compose_cmd_for "$1"
    errors=$(mktemp)
    ids=$(run_docker --placeholders "$1" "${COMPOSE_CMD[@]}" ps -q 2>"$errors") || status=$?
    if [ "$status" != 0 ]; then
        error "cannot ask docker whether $1 is running: $(tr '\n' ' ' <"$errors")"
        rm -f "$errors"
        return 1
    fi
    rm -f "$errors"
    if [ "$dry_run" = 1 ]; then
        RUNNING_STATE=unknown
    elif [ -n "$ids" ]; then
        RUNNING_STATE=yes
    else
        RUNNING_STATE=no
    fi
}

# health_table MODE: one line per service: SERVICE STATE HEALTH (from `ps -a --format`).
health_table() {
    local output status=0 service state health
    compose_cmd_for "$1"
    output=$(run_docker "${COMPOSE_CMD[@]}" ps -a --format '{{.Service}} {{.State}} {{.Health}}') || status=$?
    [ "$dry_run" = 0 ] || return 0
    if [ "$status" != 0 ]; then
        warn "could not list the services of $1 (docker compose ps exited with $status)"
        return 0
    fi
    printf '    %-32s %-10s %s\n' SERVICE STATE HEALTH
    while read -r service state health; do
        [ -n "$service" ] || continue
        printf '    %-32s %-10s %s\n' "$service" "$state" "${health:--}"
        if [ "$state" != running ] || [ "$health" = unhealthy ] || [ "$health" = starting ]; then
            UNHEALTHY+=("$service")
        fi
    done <<<"$output"
}

# --- 1. what is deployed ------------------------------------------------------------------------
upper_mode=$(printf '%s' "$mode" | tr '[:lower:]' '[:upper:]')
step "HomeIQ deployment: $upper_mode"
info "    mode          $mode (DEPLOYMENT_MODE=$mode)"
info "    project       $project"
info "    compose file  $compose_file"
info "    env file      $env_file"
if [ -f "$compose_file" ]; then
    info "    generated     $(generated_header_value "$compose_file" mode)"
    budget=$(generated_header_value "$compose_file" budget)
    [ -z "$budget" ] || info "    budget        $budget"
fi
info "    docker        $DOCKER"
[ "$dry_run" = 0 ] || info "    dry run       checks run; docker commands are printed (+), none is run"

# --- 2. generated files -------------------------------------------------------------------------
step "Checking the generated files"
problems=()
for file in "$compose_file" "$env_file" "$(mode_compose_file "$other")" "$(mode_env_file "$other")"; do
    problem=$(generated_verify "$file") || problems+=("$problem")
done
if [ ${#problems[@]} -gt 0 ]; then
    for problem in "${problems[@]}"; do error "$problem"; done
    die 1 "refusing to deploy $mode: generated/ is not what homeiq-gen wrote. Nothing was changed."
fi
info "    ok  digests intact (the 4 files of generated/)"

if [ "$skip_generator_check" = 1 ]; then
    info "    --  homeiq-gen --check skipped (--skip-generator-check)"
else
    generator=()
    if [ -n "${HOMEIQ_GEN:-}" ]; then
        generator=("$HOMEIQ_GEN")
    elif command -v swift >/dev/null 2>&1; then
        generator=(swift run --package-path "$root" homeiq-gen)
    fi
    if [ ${#generator[@]} = 0 ]; then
        info "    --  no Swift toolchain: homeiq-gen --check skipped (the digests above still catch hand edits)"
    else
        info "    ..  $(command_line "${generator[@]}" --check)"
        status=0
        output=$("${generator[@]}" --check 2>&1) || status=$?
        case "$status" in
            0) info "    ok  generated files are current (homeiq-gen --check)" ;;
            1)
                printf '%s\n' "$output" | head -n 60 >&2
                die 1 "refusing to deploy $mode: generated/ is stale or Deployments/ has errors (homeiq-gen --check above). Run \`swift run homeiq-gen\`, review and commit generated/, then deploy. Nothing was changed."
                ;;
            *)
                printf '%s\n' "$output" | tail -n 20 >&2
                die 1 "refusing to deploy $mode: homeiq-gen --check could not run (exit status $status); use --skip-generator-check to rely on the digests alone. Nothing was changed."
                ;;
        esac
    fi
fi

# --- 3. validation -------------------------------------------------------------------------------
step "Validating the $mode deployment"
if ! validation=$("$here/validate-deployment.sh" --parser plain "$mode" 2>&1); then
    printf '%s\n' "$validation" >&2
    die 1 "refusing to deploy $mode: validation failed (scripts/validate-deployment.sh $mode). Nothing was changed."
fi
printf '%s\n' "$validation" | sed 's/^/    /'

if [ "$side_by_side" = 1 ]; then
    hardware=$(generated_hardware "$compose_file")
    if [ "$hardware" != nuc-16gb ]; then
        die 1 "--allow-side-by-side needs the 16 GB NUC profile, but $compose_file was generated for '${hardware:-unknown}': both modes do not fit. Set HomeIQ.hardware = .nuc16gb in Deployments/HomeIQ.swift, run \`swift run homeiq-gen\`, or deploy without --allow-side-by-side (the other mode is then stopped)."
    fi
    info "    ok  side by side: hardware $hardware, $other keeps running"
fi

# --- 4. secrets ----------------------------------------------------------------------------------
step "Checking secrets"
secrets_rel=$(mode_secrets_file "$mode")
from_file=0
if [ -f "$secrets_rel" ]; then
    problem=$(secrets_file_problem "$root" "$secrets_rel") ||
        die 1 "refusing to deploy $mode: $problem. Nothing was changed."
    # shellcheck disable=SC2046 # one name per word
    if ! secrets_load "$root" "$secrets_rel" $(compose_referenced_variables "$compose_file" "$env_file"); then
        for problem in "${SECRETS_PROBLEMS[@]}"; do error "$problem"; done
        die 1 "refusing to deploy $mode: $secrets_rel has lines it cannot use (above). Nothing was changed."
    fi
    from_file=${#SECRETS_LOADED[@]}
    info "    ok  $secrets_rel: private, untracked; $from_file value(s) read"
fi

mapfile -t required < <(compose_required_secrets "$compose_file")
missing=()
for name in "${required[@]}"; do
    [ -n "${!name:-}" ] || missing+=("$name")
done
if [ ${#missing[@]} -gt 0 ]; then
    for name in "${missing[@]}"; do
        error "$mode secret $name is not set (needed by: $(compose_users_of_variable "$compose_file" "$name"))"
    done
    die 1 "refusing to deploy $mode: ${#missing[@]} of ${#required[@]} required secret(s) missing. Set them in the environment or in $secrets_rel (chmod 600; the names are in infrastructure/secrets.production.env.example). Nothing was changed."
fi
if [ ${#required[@]} -gt 0 ]; then
    info "    ok  ${#required[@]} required secret(s) set: $((${#required[@]} - from_file)) from the environment, $from_file from $secrets_rel"
else
    info "    ok  no required secret"
fi
for name in $(compose_optional_empty_variables "$compose_file"); do
    if [ -z "${!name:-}" ]; then
        hint=$(generated_fact "$compose_file" "secrets/hints/$name")
        warn "$name is not set: $(compose_users_of_variable "$compose_file" "$name") start without it${hint:+: $hint}"
    fi
done

# --- 5. compose and data folders -----------------------------------------------------------------
step "Preparing"
version_errors=$(mktemp)
version_status=0
compose_version=$(run_docker "$DOCKER" compose version --short 2>"$version_errors") || version_status=$?
if [ "$version_status" != 0 ]; then
    error "$(tr '\n' ' ' <"$version_errors")"
    rm -f "$version_errors"
    die 1 "refusing to deploy $mode: '$DOCKER compose' (the Docker Compose v2 plugin) is not available. Install docker-compose-plugin (Compose v2.17 or newer). Nothing was changed."
fi
rm -f "$version_errors"
if [[ "$compose_version" =~ ^v?([0-9]+)\.([0-9]+) ]]; then
    if [ "${BASH_REMATCH[1]}" -lt 2 ] || { [ "${BASH_REMATCH[1]}" = 2 ] && [ "${BASH_REMATCH[2]}" -lt 17 ]; }; then
        die 1 "refusing to deploy $mode: Docker Compose $compose_version is too old for \`up --wait --wait-timeout\` (needs v2.17 or newer). Nothing was changed."
    fi
fi

compose_cmd_for "$mode"
this_cmd=("${COMPOSE_CMD[@]}")
compose_cmd_for "$other"
other_cmd=("${COMPOSE_CMD[@]}")

config_errors=$(mktemp)
if ! run_docker "${this_cmd[@]}" config --quiet 2>"$config_errors"; then
    cat "$config_errors" >&2
    rm -f "$config_errors"
    die 1 "refusing to deploy $mode: docker compose does not accept $compose_file (see above). Nothing was changed."
fi
rm -f "$config_errors"
run_step mkdir -p "$(mode_data_dir "$mode")"

# --- 6. the other mode ---------------------------------------------------------------------------
step "Mutual exclusion"
other_was_running=no
if [ "$side_by_side" = 0 ]; then
    is_running "$other" || die 1 "refusing to deploy $mode: docker is not reachable. Nothing was changed."
    other_was_running=$RUNNING_STATE
fi
is_running "$mode" || die 1 "refusing to deploy $mode: docker is not reachable. Nothing was changed."
this_was_running=$RUNNING_STATE

# rollback REASON: brings the failed stack down, restarts the mode that ran before, exits 3 or 4.
rollback() {
    local reason=$1 rollback_failed=0
    UNHEALTHY=()
    error "$reason"
    step "Rolling back"
    if [ "$dry_run" = 0 ]; then
        info "    services of the failed $mode stack:"
        health_table "$mode"
        local service
        for service in "${UNHEALTHY[@]}"; do
            info "    last log lines of $service:"
            run_docker "${this_cmd[@]}" logs --no-color --tail 30 "$service" 2>&1 | sed 's/^/      /' || true
        done
    fi
    if ! run_docker --placeholders "$mode" "${this_cmd[@]}" down; then
        error "could not bring the failed $mode stack down: run \`$(command_line "${this_cmd[@]}" down)\`"
        rollback_failed=1
    fi
    if [ "$other_was_running" = yes ]; then
        info "    restarting $other, which was running before"
        if run_docker --secrets-of "$other" "${other_cmd[@]}" up -d --wait --wait-timeout "$timeout"; then
            [ "$dry_run" = 1 ] || printf '%s\n' "$other" >data/.deployed-mode
            info "    ok  $other is running again"
        else
            error "could not restart $other: run scripts/deploy.sh $other (its secrets must be set)"
            rollback_failed=1
        fi
    elif [ "$this_was_running" = yes ]; then
        warn "$mode was running before this deploy; its earlier generated files are not kept, so it was not restarted: fix the failure and deploy again (or check out the previous generated/ and deploy that)"
    else
        info "    nothing was running before: nothing to restart"
    fi
    if [ "$rollback_failed" = 1 ]; then
        die 4 "the $mode deployment failed and the rollback did not complete: act on the messages above"
    fi
    die 3 "the $mode deployment failed and was rolled back"
}

if [ "$side_by_side" = 1 ]; then
    info "    $other keeps running (--allow-side-by-side)"
elif [ "$other_was_running" = no ]; then
    info "    $other is not running"
else
    if [ "$other_was_running" = yes ]; then
        info "    $other is running: stopping it first (8 GB NUC: one mode at a time)"
        if [ "$mode" = test ]; then
            missing_other=()
            for name in $(compose_required_secrets "$(mode_compose_file "$other")"); do
                # The secrets file of production may provide them at restart time.
                [ -n "${!name:-}" ] || [ -f "$(mode_secrets_file "$other")" ] || missing_other+=("$name")
            done
            [ ${#missing_other[@]} = 0 ] ||
                warn "should this deploy fail, production can only be restarted with its secrets (${missing_other[*]}): keep $(mode_secrets_file "$other") in place"
        fi
    fi
    note=""
    [ "$other_was_running" = yes ] || note="only if $other is running"
    if ! run_docker --placeholders "$other" --note "$note" "${other_cmd[@]}" down; then
        rollback "could not stop $other (docker compose down failed)"
    fi
fi

# --- 7. up --------------------------------------------------------------------------------------
step "Starting $mode (waiting up to ${timeout}s for healthy services)"
up_status=0
run_docker "${this_cmd[@]}" up -d --wait --wait-timeout "$timeout" || up_status=$?
if [ "$up_status" != 0 ]; then
    rollback "docker compose up failed for $mode (exit status $up_status): a service did not become healthy within ${timeout}s, or could not start"
fi

step "Health"
UNHEALTHY=()
health_table "$mode"
if [ "$dry_run" = 1 ]; then
    step "Dry run complete: the checks passed; nothing was run"
    exit 0
fi
printf '%s\n' "$mode" >data/.deployed-mode
if [ ${#UNHEALTHY[@]} -gt 0 ]; then
    warn "not running or not healthy: ${UNHEALTHY[*]} (one-shot services such as test-data-seeder exit when done)"
fi
step "Deployed $mode (compose project $project)"
info "    logs:  $(command_line "${this_cmd[@]}" logs -f SERVICE)"
info "    stop:  $(command_line "${this_cmd[@]}" down)"
