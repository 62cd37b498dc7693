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
# shellcheck source=lib/swarm.sh
. "$here/lib/swarm.sh"

DEFAULT_TIMEOUT=300
PROJECT_LABEL=com.docker.compose.project
# What compose last said about a mode's containers (service_states).
declare -A SERVICE_STATE=()
SERVICE_ORDER=()

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
  5. before stopping anything: checks that compose accepts both modes' files (\`config
     --quiet\`), that every image of the mode is present (pulls the missing ones, or with
     --pull never refuses), asks docker what runs (containers labelled with each project),
     and, when the other mode runs, that its secrets are available to restart it should this
     deploy fail; creates data/<mode>/;
  6. stops the other mode first (the modes are mutually exclusive on an 8 GB NUC) with
     \`down --remove-orphans\` and every profile (one-shot seeders too), and checks that none of
     its containers is left (its volumes are kept);
  7. \`up -d --wait --wait-timeout SECONDS --remove-orphans\`, then checks with \`ps -a\` that every
     service the file starts by default runs healthy (Compose v2.40.3 can exit 0 when the
     timeout expires while a health check still starts) and prints a health table;
  8. on failure rolls back: brings the failed stack down and restarts the mode that was
     running before (with its own up command), then exits 3; when that restart fails too, it
     brings the half-started mode down, prints what runs, and exits 4.
  data/.deployed-mode is rewritten from what runs (the compose project labels of the running
  containers: test, production, "test production" or none) after every deploy or rollback.

Options:
  --dry-run                 run the checks, print every docker command it would run (lines
                            starting with "+ "), and run no docker command at all
  --timeout SECONDS         how long \`up --wait\` waits for each dependency level, and then for every
                            service, to be healthy (default $DEFAULT_TIMEOUT)
  --skip-generator-check    do not run homeiq-gen --check even when Swift is installed
                            (the digest check still runs)
  --swarm                   deploy the Docker Swarm stack file instead (generated/docker-stack.*.yml):
                            creates or rotates the Swarm secrets, \`docker stack deploy --prune\`,
                            waits for every replica to run healthy, prints the tasks per node;
                            a failed update is rolled back by Swarm (exit 3); see lib/swarm.sh
  --allow-side-by-side      keep the other mode running; only accepted when the generated
                            header says hardware nuc-16gb (HomeIQ.hardware = .nuc16gb)
  --pull POLICY             missing (default): pull the images that are not present, before
                            stopping anything; never: pull nothing, refuse when an image is
                            missing (offline NUCs, tests with local images)
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
     secret, an unsafe secrets file, side-by-side not allowed, docker or compose unavailable,
     a missing image, or the running other mode's secrets missing (it could not be restarted)
  2  usage error
  3  the deployment failed and was rolled back (failed stack down, previous mode restarted)
  4  the deployment failed and the rollback failed too: both stacks were brought down as far
     as docker allowed; the last lines say exactly which containers still run
USAGE
}

# --- running docker ------------------------------------------------------------------------------

# export_placeholders MODE: gives every variable that MODE's compose and env files reference
# without a default a placeholder value, for commands that only look containers up or stop them
# (ps, down, config --quiet of the other mode): compose still interpolates both files, and an
# unset ${NAME:?} stops it, an unset ${NAME} warns. Never used for `up`.
export_placeholders() {
    local name
    for name in $(compose_referenced_variables_without_default "$(mode_compose_file "$1")" "$(mode_env_file "$1")"); do
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
    secrets_load "$root" "$rel" $(compose_referenced_variables "$(mode_compose_file "$target")") ||
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

# temp_file: prints the path of a new file in this run's temporary folder (removed on exit).
temp_file() { mktemp "$TEMP_DIR/deploy.XXXXXX"; }

# compose_of MODE [--down]: sets COMPOSE_CMD for MODE; with --down, every profile of its file
# is enabled (`--profile NAME`), so that `down` also removes one-shot services such as the seeder.
compose_of() {
    local profile
    compose_cmd_for "$1"
    if [ "${2:-}" = --down ]; then
        for profile in $(compose_profiles "$(mode_compose_file "$1")"); do
            COMPOSE_CMD+=(--profile "$profile")
        done
    fi
}

# project_containers MODE [-a]: the ids of MODE's containers (running; with -a, in any state),
# found by the compose project label, so orphans and one-shot containers count too.
# Fails when docker cannot be asked.
project_containers() {
    local flags=(-q)
    [ "${2:-}" != -a ] || flags=(-a -q)
    run_docker "$DOCKER" ps "${flags[@]}" --filter "label=$PROJECT_LABEL=$(mode_project "$1")"
}

# is_running MODE: sets RUNNING_STATE to yes, no, or unknown (dry run); fails when docker cannot be asked.
is_running() {
    local ids errors status=0
    errors=$(temp_file)
    ids=$(project_containers "$1" 2>"$errors") || status=$?
    if [ "$status" != 0 ]; then
        error "cannot ask docker whether $1 is running: $(tr '\n' ' ' <"$errors")"
        return 1
    fi
    if [ "$dry_run" = 1 ]; then
        RUNNING_STATE=unknown
    elif [ -n "$ids" ]; then
        RUNNING_STATE=yes
    else
        RUNNING_STATE=no
    fi
}

# record_deployed_mode: rewrites data/.deployed-mode from what runs (the project labels of the
# running containers): "test", "production", "test production" or "none" ("unknown" when docker
# cannot be asked).
record_deployed_mode() {
    [ "$dry_run" = 0 ] || return 0
    local running=() each ids
    mkdir -p data
    for each in test production; do
        if ! ids=$("$DOCKER" ps -q --filter "label=$PROJECT_LABEL=$(mode_project "$each")" 2>/dev/null); then
            printf 'unknown\n' >data/.deployed-mode
            return 0
        fi
        [ -z "$ids" ] || running+=("$each")
    done
    if [ ${#running[@]} = 0 ]; then printf 'none\n' >data/.deployed-mode; else printf '%s\n' "${running[*]}" >data/.deployed-mode; fi
}

# what_runs: prints, for each mode, the containers of its project that are still running.
what_runs() {
    local each ids
    for each in test production; do
        ids=$("$DOCKER" ps --filter "label=$PROJECT_LABEL=$(mode_project "$each")" --format '{{.Names}} ({{.Status}})' 2>&1) ||
            ids="(docker could not say: $ids)"
        if [ -n "$ids" ]; then
            info "    $each ($(mode_project "$each")) still runs:"
            printf '%s\n' "$ids" | sed 's/^/      /'
        else
            info "    $each ($(mode_project "$each")): nothing runs"
        fi
    done
}

# service_states MODE: asks compose for the state of MODE's containers (one `ps -a --format`) and
# fills SERVICE_ORDER (the services listed) and SERVICE_STATE[SERVICE]="STATE EXIT HEALTH" (`-` for
# no health check); a service listed twice (an exited one-shot next to an earlier run) counts once.
# Fails when compose cannot list them. A dry run lists nothing.
service_states() {
    local output service state exit_code health
    SERVICE_ORDER=()
    SERVICE_STATE=()
    compose_of "$1"
    output=$(run_docker "${COMPOSE_CMD[@]}" ps -a --format '{{.Service}} {{.State}} {{.ExitCode}} {{.Health}}') || return 1
    [ "$dry_run" = 0 ] || return 0
    while read -r service state exit_code health; do
        [ -n "$service" ] || continue
        [ -z "${SERVICE_STATE[$service]:-}" ] || continue
        SERVICE_ORDER+=("$service")
        SERVICE_STATE[$service]="$state ${exit_code:--} ${health:--}"
    done <<<"$output"
}

# health_table MODE: asks compose (service_states), then print_health_table.
health_table() {
    service_states "$1" || { warn "could not list the services of $1 (docker compose ps failed)"; return 0; }
    print_health_table
}

# print_health_table: one line per service of SERVICE_STATE: SERVICE STATE HEALTH; UNHEALTHY gets
# those that are not running, or whose health check says unhealthy or starting.
print_health_table() {
    local service state exit_code health
    [ "$dry_run" = 0 ] || return 0
    printf '    %-32s %-10s %s\n' SERVICE STATE HEALTH
    for service in "${SERVICE_ORDER[@]}"; do
        read -r state exit_code health <<<"${SERVICE_STATE[$service]}"
        [ "$health" != - ] || health=""
        if [ "$state" = exited ]; then state="exited($exit_code)"; fi
        printf '    %-32s %-10s %s\n' "$service" "$state" "${health:--}"
        if [ "${state%%(*}" != running ] || [ "$health" = unhealthy ] || [ "$health" = starting ]; then
            UNHEALTHY+=("$service")
        fi
    done
}

# not_ready MODE: after `up --wait` exited 0, prints (one line, space-separated) every service
# that MODE's file starts by default and that is not running with a healthy (or no) health check,
# as "SERVICE(STATE/HEALTH)"; a `restart: "no"` service may have exited 0 (its work is done).
# Needed because Compose (v2.40.3 and earlier) can exit 0 from `up --wait --wait-timeout` when the
# timeout expires while a health check still says `starting` (a race in its wait loop, fixed
# upstream in docker/compose 06f4f9d): the exit status alone would report a failed deploy as done.
# Uses SERVICE_STATE from service_states; prints nothing on a dry run.
not_ready() {
    local service restart state exit_code health bad=()
    [ "$dry_run" = 0 ] || return 0
    while read -r service restart; do
        [ -n "$service" ] || continue
        if [ -z "${SERVICE_STATE[$service]:-}" ]; then
            bad+=("$service(no container)")
            continue
        fi
        read -r state exit_code health <<<"${SERVICE_STATE[$service]}"
        if [ "$state" = running ] && { [ "$health" = healthy ] || [ "$health" = - ]; }; then continue; fi
        if [ "$state" = exited ] && [ "$exit_code" = 0 ] && [ "$restart" = no ]; then continue; fi
        bad+=("$service($state/$health)")
    done < <(compose_default_services "$(mode_compose_file "$1")")
    [ ${#bad[@]} = 0 ] || printf '%s\n' "${bad[*]}"
}

# up_verified MODE UP_ARG...: `docker compose … up UP_ARG...` for MODE (the other mode's with its own
# secrets), then
# checks what runs (not_ready). Fails, with UP_FAILURE set to the reason, when either fails.
up_verified() {
    local target=$1 status=0 pending secrets=()
    shift
    UP_FAILURE=""
    compose_of "$target"
    [ "$target" = "$mode" ] || secrets=(--secrets-of "$target")
    run_docker ${secrets[@]+"${secrets[@]}"} "${COMPOSE_CMD[@]}" up "$@" || status=$?
    if [ "$status" != 0 ]; then
        UP_FAILURE="docker compose up failed for $target (exit status $status): a service did not become healthy within ${timeout}s, or could not start"
        return 1
    fi
    service_states "$target" || { UP_FAILURE="docker compose up exited 0 for $target, but docker compose ps could not list its services"; return 1; }
    pending=$(not_ready "$target")
    if [ -n "$pending" ]; then
        UP_FAILURE="docker compose up exited 0 for $target, but after its ${timeout}s wait these services are not running and healthy: $pending"
        return 1
    fi
}

# stop_mode MODE [NOTE]: `down --remove-orphans` with every profile, then checks that none of
# MODE's containers is left. Fails with a message when either does not hold.
stop_mode() {
    local target=$1 note=${2:-} left
    compose_of "$target" --down
    if ! run_docker --placeholders "$target" --note "$note" "${COMPOSE_CMD[@]}" down --remove-orphans; then
        error "could not bring $target down: run \`$(command_line "${COMPOSE_CMD[@]}" down --remove-orphans)\`"
        return 1
    fi
    [ "$dry_run" = 0 ] || return 0
    left=$(project_containers "$target" -a 2>&1) || { error "cannot ask docker what is left of $target: $left"; return 1; }
    if [ -n "$left" ]; then
        error "containers of $target are left after down: $(printf '%s\n' "$left" | tr '\n' ' ')"
        return 1
    fi
}

# --- the steps -----------------------------------------------------------------------------------

# parse_arguments ARG...: the options and the mode; exits 2 on a usage error.
parse_arguments() {
    dry_run=0
    swarm=0
    skip_generator_check=0
    side_by_side=0
    timeout=$DEFAULT_TIMEOUT
    pull=missing
    mode_arg=""
    args_parse usage --dry-run:dry_run --skip-generator-check:skip_generator_check \
        --allow-side-by-side:side_by_side --timeout=:timeout --pull=:pull --swarm:swarm @mode_arg:mode -- "$@"
    [ -n "$mode_arg" ] || { usage >&2; exit 2; }
    mode=$(mode_normalize "$mode_arg") || die 2 "unknown mode '$mode_arg': use test, production or prod"
    [[ "$timeout" =~ ^[1-9][0-9]*$ ]] || die 2 "--timeout must be a positive number of seconds (got '$timeout')"
    case "$pull" in missing | never) ;; *) die 2 "--pull must be missing or never (got '$pull')" ;; esac
}

# show_plan: step 1, what is deployed.
show_plan() {
    local upper_mode budget
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
    info "    images        pull $pull"
    [ "$dry_run" = 0 ] || info "    dry run       checks run; docker commands are printed (+), none is run"
}

# check_generated: step 2, the four files are what homeiq-gen wrote (and current, with Swift).
check_generated() {
    local problems=() problem file generator=() status output
    step "Checking the generated files"
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
        return 0
    fi
    if [ -n "${HOMEIQ_GEN:-}" ]; then
        generator=("$HOMEIQ_GEN")
    elif command -v swift >/dev/null 2>&1; then
        generator=(swift run --package-path "$root" homeiq-gen)
    fi
    if [ ${#generator[@]} = 0 ]; then
        info "    --  no Swift toolchain: homeiq-gen --check skipped (the digests above still catch hand edits)"
        return 0
    fi
    info "    ..  $(command_line "${generator[@]}" --check)"
    status=0
    output=$("${generator[@]}" --check 2>&1) || status=$?
    case "$status" in
        0) info "    ok  generated files are current (homeiq-gen --check)" ;;
        1)
            printf '%s\n' "$output" | sed -n '1,60p' >&2
            die 1 "refusing to deploy $mode: generated/ is stale or Deployments/ has errors (homeiq-gen --check above). Run \`swift run homeiq-gen\`, review and commit generated/, then deploy. Nothing was changed."
            ;;
        *)
            printf '%s\n' "$output" | tail -n 20 >&2
            die 1 "refusing to deploy $mode: homeiq-gen --check could not run (exit status $status); use --skip-generator-check to rely on the digests alone. Nothing was changed."
            ;;
    esac
}

# validate: step 3, scripts/validate-deployment.sh, and the side-by-side permission.
validate() {
    local validation hardware
    step "Validating the $mode deployment"
    if ! validation=$("$here/validate-deployment.sh" --parser plain "$mode" 2>&1); then
        printf '%s\n' "$validation" >&2
        die 1 "refusing to deploy $mode: validation failed (scripts/validate-deployment.sh $mode). Nothing was changed."
    fi
    printf '%s\n' "$validation" | sed 's/^/    /'
    hardware=$(generated_hardware "$compose_file")
    if [ "$side_by_side" = 1 ]; then
        if [ "$hardware" != nuc-16gb ]; then
            die 1 "--allow-side-by-side needs the 16 GB NUC profile, but $compose_file was generated for '${hardware:-unknown}': both modes do not fit. Set HomeIQ.hardware = .nuc16gb in Deployments/HomeIQ.swift, run \`swift run homeiq-gen\`, or deploy without --allow-side-by-side (the other mode is then stopped)."
        fi
        info "    ok  side by side: hardware $hardware, $other keeps running"
    fi
}

# missing_secrets_of MODE: the required secrets of MODE that are neither in the environment nor
# in MODE's (safe) secrets file, one a line.
missing_secrets_of() {
    (
        use_secrets_of "$1" 2>/dev/null
        for name in $(compose_required_secrets "$(mode_compose_file "$1")"); do
            [ -n "${!name:-}" ] || printf '%s\n' "$name"
        done
    )
}

# check_secrets: step 4, this mode's secrets (environment, then its private secrets file).
check_secrets() {
    local secrets_rel from_file=0 problem required=() missing=() name hint
    step "Checking secrets"
    secrets_rel=$(mode_secrets_file "$mode")
    if [ -f "$secrets_rel" ]; then
        problem=$(secrets_file_problem "$root" "$secrets_rel") ||
            die 1 "refusing to deploy $mode: $problem. Nothing was changed."
        # shellcheck disable=SC2046 # one name per word
        if ! secrets_load "$root" "$secrets_rel" $(compose_referenced_variables "$compose_file"); then
            for problem in "${SECRETS_PROBLEMS[@]}"; do error "$problem"; done
            die 1 "refusing to deploy $mode: $secrets_rel has lines it cannot use (above). Nothing was changed."
        fi
        from_file=${#SECRETS_LOADED[@]}
        info "    ok  $secrets_rel: private, untracked; $from_file value(s) read"
    fi

    mapfile -t required < <(compose_required_secrets "$compose_file")
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
}

# preflight: step 5, everything that can be checked before anything is stopped.
preflight() {
    local errors version_status=0 compose_version images=() missing=() image missing_other
    step "Preflight (nothing is stopped before these pass)"
    errors=$(temp_file)
    compose_version=$(run_docker "$DOCKER" compose version --short 2>"$errors") || version_status=$?
    if [ "$version_status" != 0 ]; then
        error "$(tr '\n' ' ' <"$errors")"
        die 1 "refusing to deploy $mode: '$DOCKER compose' (the Docker Compose v2 plugin) is not available. Install docker-compose-plugin (Compose v2.17 or newer). Nothing was changed."
    fi
    if [[ "$compose_version" =~ ^v?([0-9]+)\.([0-9]+) ]]; then
        if [ "${BASH_REMATCH[1]}" -lt 2 ] || { [ "${BASH_REMATCH[1]}" = 2 ] && [ "${BASH_REMATCH[2]}" -lt 17 ]; }; then
            die 1 "refusing to deploy $mode: Docker Compose $compose_version is too old for \`up --wait --wait-timeout\` (needs v2.17 or newer). Nothing was changed."
        fi
    fi

    compose_of "$mode"
    if ! run_docker "${COMPOSE_CMD[@]}" config --quiet 2>"$errors"; then
        cat "$errors" >&2
        die 1 "refusing to deploy $mode: docker compose does not accept $compose_file (see above). Nothing was changed."
    fi
    compose_of "$other"
    if ! run_docker --placeholders "$other" "${COMPOSE_CMD[@]}" config --quiet 2>"$errors"; then
        cat "$errors" >&2
        die 1 "refusing to deploy $mode: docker compose does not accept $(mode_compose_file "$other") (see above), which a rollback would need. Nothing was changed."
    fi
    info "    ok  compose accepts both files"

    mapfile -t images < <(compose_images "$compose_file")
    if ! run_docker "$DOCKER" image inspect --format '{{.Id}}' "${images[@]}" >/dev/null 2>&1; then
        for image in "${images[@]}"; do
            "$DOCKER" image inspect --format '{{.Id}}' "$image" >/dev/null 2>&1 || missing+=("$image")
        done
    fi
    if [ ${#missing[@]} -gt 0 ] && [ "$pull" = never ]; then
        die 1 "refusing to deploy $mode: ${#missing[@]} image(s) not present and --pull never: ${missing[*]}. Nothing was changed."
    fi
    for image in "${missing[@]}"; do
        run_docker "$DOCKER" pull --quiet "$image" >/dev/null ||
            die 1 "refusing to deploy $mode: the image $image is not present and cannot be pulled. Nothing was changed."
    done
    info "    ok  ${#images[@]} image(s) present${missing[*]:+ (pulled: ${missing[*]})}"

    other_was_running=no
    if [ "$side_by_side" = 0 ]; then
        is_running "$other" || die 1 "refusing to deploy $mode: docker is not reachable. Nothing was changed."
        other_was_running=$RUNNING_STATE
    fi
    is_running "$mode" || die 1 "refusing to deploy $mode: docker is not reachable. Nothing was changed."
    this_was_running=$RUNNING_STATE
    if [ "$other_was_running" = yes ]; then
        missing_other=$(missing_secrets_of "$other" | tr '\n' ' ')
        if [ -n "$missing_other" ]; then
            die 1 "refusing to deploy $mode: $other runs, and should this deploy fail it could not be restarted: its secret(s) ${missing_other% } are neither in the environment nor in $(mode_secrets_file "$other"). Provide them, or stop $other yourself first. Nothing was changed."
        fi
        info "    ok  $other runs; its secrets are available for a rollback"
    fi
    run_step mkdir -p "$(mode_data_dir "$mode")"
}

# rollback REASON: brings the failed stack down, restarts the mode that ran before, exits 3 or 4.
rollback() {
    local reason=$1 rollback_failed=0 service
    UNHEALTHY=()
    error "$reason"
    step "Rolling back"
    if [ "$dry_run" = 0 ]; then
        info "    services of the failed $mode stack:"
        health_table "$mode"
        compose_of "$mode"
        for service in "${UNHEALTHY[@]}"; do
            info "    last log lines of $service:"
            run_docker "${COMPOSE_CMD[@]}" logs --no-color --tail 30 "$service" 2>&1 | sed 's/^/      /' || true
        done
    fi
    stop_mode "$mode" || rollback_failed=1
    if [ "$other_was_running" = yes ]; then
        info "    restarting $other, which was running before"
        if up_verified "$other" -d --wait --wait-timeout "$timeout"; then
            info "    ok  $other is running again"
        else
            error "$UP_FAILURE"
            error "could not restart $other: bringing it down rather than leaving it half up; fix the cause and run scripts/deploy.sh $other"
            stop_mode "$other" || true
            rollback_failed=1
        fi
    elif [ "$this_was_running" = yes ]; then
        warn "$mode was running before this deploy; its earlier generated files are not kept, so it was not restarted: fix the failure and deploy again (or check out the previous generated/ and deploy that)"
    else
        info "    nothing was running before: nothing to restart"
    fi
    record_deployed_mode
    if [ "$rollback_failed" = 1 ]; then
        [ "$dry_run" = 1 ] || what_runs
        die 4 "the $mode deployment failed and the rollback did not complete: act on the messages above (data/.deployed-mode: $(cat data/.deployed-mode 2>/dev/null || printf unknown))"
    fi
    die 3 "the $mode deployment failed and was rolled back"
}

# stop_other: step 6, the other mode goes down first unless side by side.
stop_other() {
    local note="" hardware
    step "Mutual exclusion"
    if [ "$side_by_side" = 1 ]; then
        info "    $other keeps running (--allow-side-by-side)"
        return 0
    fi
    if [ "$other_was_running" = no ]; then
        info "    $other is not running"
        return 0
    fi
    if [ "$other_was_running" = yes ]; then
        hardware=$(generated_hardware "$compose_file")
        info "    $other is running: stopping it first (${hardware:-this hardware profile}: one mode at a time unless --allow-side-by-side)"
    else
        note="only if $other is running"
    fi
    stop_mode "$other" "$note" || rollback "could not stop $other completely"
}

# start: step 7, up --wait, then the health table and data/.deployed-mode.
start() {
    local up_args=(-d --wait --wait-timeout "$timeout" --remove-orphans)
    [ "$pull" != never ] || up_args+=(--pull never)
    step "Starting $mode (waiting up to ${timeout}s for each dependency level to be healthy)"
    up_verified "$mode" "${up_args[@]}" || rollback "$UP_FAILURE"

    step "Health"
    UNHEALTHY=()
    print_health_table
    if [ "$dry_run" = 1 ]; then
        step "Dry run complete: the checks passed; nothing was run"
        exit 0
    fi
    record_deployed_mode
    if [ ${#UNHEALTHY[@]} -gt 0 ]; then
        warn "not running or not healthy: ${UNHEALTHY[*]} (one-shot services such as test-data-seeder exit when done)"
    fi
    step "Deployed $mode (compose project $project)"
    compose_of "$mode"
    info "    logs:  $(command_line "${COMPOSE_CMD[@]}" logs -f SERVICE)"
    compose_of "$mode" --down
    info "    stop:  $(command_line "${COMPOSE_CMD[@]}" down --remove-orphans)"
}

main() {
    parse_arguments "$@"
    root=$(homeiq_root "${BASH_SOURCE[0]}") || die 2 "cannot find the repository root from ${BASH_SOURCE[0]}"
    cd "$root"
    DOCKER=${DOCKER:-docker}
    if [ "$swarm" = 1 ]; then
        SWARM_DRY_RUN=$dry_run SWARM_PULL=$pull swarm_deploy "$mode" "$timeout"
        exit 0
    fi
    other=$(mode_other "$mode")
    project=$(mode_project "$mode")
    compose_file=$(mode_compose_file "$mode")
    env_file=$(mode_env_file "$mode")
    TEMP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/homeiq-deploy.XXXXXX")
    trap 'rm -rf "$TEMP_DIR"' EXIT
    # Docker command lines go to the original standard output (fd 3), also from inside $(…).
    exec 3>&1

    show_plan
    check_generated
    validate
    check_secrets
    preflight
    stop_other
    start
}

main "$@"
