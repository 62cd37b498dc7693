# shellcheck shell=bash
# swarm.sh: deploying and validating a mode as a Docker Swarm stack (scripts/deploy.sh --swarm,
# scripts/validate-deployment.sh --swarm). Source it after common.sh, generated.sh and secrets.sh.
#
# Every fact comes from the generated stack file's `x-homeiq:` block (its `swarm:` part): the
# stack name, the nodes and their labels, where each service may run, its replicas, and the
# secrets with their name prefix and version variable. Nothing is listed here.
#
# What Swarm does differently from Compose, and what these functions do about it:
#   - no --env-file: `docker stack deploy` interpolates the file from its own environment;
#   - secrets are Swarm objects, immutable: each is created as <stack>_<NAME>_<version>, the
#     version being the first 12 hex digits of the SHA-256 of its value, so a rotation is a new
#     secret that Swarm rolls out; the stack file names it through $HOMEIQ_SECRET_VERSION_<NAME>;
#   - placement is by node label: every declared node must carry com.homeiq.node=<name>;
#   - a failed update is rolled back by Swarm itself (update_config.failure_action: rollback):
#     the script waits, then reports each service's update state.

SWARM_SECRET_VERSION_DIGITS=12

# swarm_stack_file MODE: the generated stack file of MODE (the file of generated/ whose facts name
# MODE and the file itself as swarm/file). Exits 1 with advice when there is none.
swarm_stack_file() {
    local file found=""
    for file in "$GENERATED_DIR"/*.yml; do
        [ -f "$file" ] || continue
        [ "$(generated_fact "$file" swarm/file)" = "$file" ] || continue
        [ "$(generated_fact "$file" mode)" = "$1" ] || continue
        found=$file
    done
    [ -n "$found" ] || die 1 "$GENERATED_DIR/ holds no swarm stack file for $1: declare a Cluster in Deployments/ or run \"swift run homeiq-gen --target swarm\", and commit generated/"
    printf '%s\n' "$found"
}

# swarm_secret_version VALUE: the version of a secret value (first digits of its SHA-256).
swarm_secret_version() {
    printf '%s' "$1" | sha256sum | cut -c1-"$SWARM_SECRET_VERSION_DIGITS"
}

# swarm_secret_names FILE: the Swarm secrets FILE mounts, one a line.
swarm_secret_names() { generated_fact_keys "$1" swarm/secrets; }

# swarm_services FILE: the services of FILE, one a line.
swarm_services() { generated_fact_keys "$1" swarm/replicas; }

# swarm_node_names FILE: the nodes of the cluster FILE was compiled for.
swarm_node_names() { generated_fact_keys "$1" swarm/nodes; }

# swarm_export_versions FILE: exports HOMEIQ_SECRET_VERSION_<NAME> of every secret of FILE from
# the value of $NAME; prints each missing NAME and fails when one is unset.
swarm_export_versions() {
    local name variable missing=0
    for name in $(swarm_secret_names "$1"); do
        variable=$(generated_fact "$1" "swarm/secrets/$name/version-variable")
        if [ -z "${!name:-}" ]; then
            printf '%s\n' "$name"
            missing=1
            continue
        fi
        export "$variable=$(swarm_secret_version "${!name}")"
    done
    return "$missing"
}

# swarm_run WORD...: prints "+ WORDS" on fd 3 (or stdout) and runs the command unless SWARM_DRY_RUN=1.
swarm_run() {
    printf '+ %s\n' "$(command_line "$@")" >&"${SWARM_COMMAND_FD:-1}"
    [ "${SWARM_DRY_RUN:-0}" = 1 ] && return 0
    "$@"
}

# swarm_check_engine: the docker engine is a swarm manager.
swarm_check_engine() {
    local state
    state=$("$DOCKER" info --format '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}' 2>/dev/null) ||
        die 1 "docker is not reachable ($DOCKER info failed). Nothing was changed."
    case "$state" in
        "active true") ;;
        active*) die 1 "this docker engine is a swarm worker: run scripts/deploy.sh --swarm on a manager. Nothing was changed." ;;
        *) die 1 "this docker engine is not in a swarm (state: ${state%% *}): run \`docker swarm init\` (and join the other nodes), then deploy again. Nothing was changed." ;;
    esac
}

# swarm_node_labels: one line per swarm node: HOSTNAME LABEL=VALUE... (its node labels).
swarm_node_labels() {
    local node
    for node in $("$DOCKER" node ls -q); do
        # shellcheck disable=SC2016 # a Go template, not shell
        "$DOCKER" node inspect "$node" --format '{{.Description.Hostname}}{{range $k, $v := .Spec.Labels}} {{$k}}={{$v}}{{end}}'
    done
}

# swarm_check_labels FILE: on a declared cluster, every node of FILE is a swarm node labelled
# com.homeiq.node=<name> with its declared labels. Prints the commands that fix a missing label.
swarm_check_labels() {
    local file=$1 labels node key value problems=0 label
    [ "$(generated_fact "$file" swarm/cluster)" = declared ] || return 0
    label=$(generated_fact "$file" swarm/node-label)
    labels=$(swarm_node_labels) || die 1 "cannot list the swarm nodes ($DOCKER node ls). Nothing was changed."
    for node in $(swarm_node_names "$file"); do
        if ! grep -q " $label=$node\( \|\$\)" <<<"$labels"; then
            error "no swarm node is labelled $label=$node: run \`docker node update --label-add $label=$node <the node's hostname>\`"
            problems=1
            continue
        fi
        for key in $(generated_fact_keys "$file" "swarm/nodes/$node/labels"); do
            value=$(generated_fact "$file" "swarm/nodes/$node/labels/$key")
            if ! grep " $label=$node\( \|\$\)" <<<"$labels" | grep " $key=$value\( \|\$\)" >/dev/null; then
                error "node $node lacks its label $key=$value: run \`docker node update --label-add $key=$value <its hostname>\`"
                problems=1
            fi
        done
    done
    [ "$problems" = 0 ] || die 1 "the swarm's node labels do not match the cluster of $file. Nothing was changed."
}

# swarm_create_secrets FILE STACK: creates every secret of FILE that does not exist yet (a new
# value is a new version: a rotation), from the value of $NAME, through standard input only.
swarm_create_secrets() {
    local file=$1 stack=$2 name prefix version secret
    for name in $(swarm_secret_names "$file"); do
        prefix=$(generated_fact "$file" "swarm/secrets/$name/prefix")
        version=$(swarm_secret_version "${!name}")
        secret=$prefix$version
        if [ "${SWARM_DRY_RUN:-0}" = 0 ] && "$DOCKER" secret inspect "$secret" >/dev/null 2>&1; then
            info "    ok  $secret exists"
            continue
        fi
        printf '+ %s\n' "printf %s \"\$$name\" | $(command_line "$DOCKER" secret create --label "com.docker.stack.namespace=$stack" "$secret" -)" >&"${SWARM_COMMAND_FD:-1}"
        [ "${SWARM_DRY_RUN:-0}" = 1 ] && continue
        printf '%s' "${!name}" | "$DOCKER" secret create --label "com.docker.stack.namespace=$stack" "$secret" - >/dev/null ||
            die 1 "could not create the secret $secret. Nothing was deployed."
    done
}

# swarm_replicas STACK: one line per service of STACK: SERVICE RUNNING/DESIRED.
swarm_replicas() {
    "$DOCKER" stack services "$1" --format '{{.Name}} {{.Replicas}}' | sed "s/^$1_//"
}

# swarm_one_shot_state STACK SERVICE: complete (a task exited 0), failed (every task ended
# otherwise) or running, for a service that runs once (restart_policy condition none).
swarm_one_shot_state() {
    local states
    states=$("$DOCKER" service ps "$1_$2" --format '{{.CurrentState}}' 2>/dev/null) || states=""
    if grep -q '^Complete' <<<"$states"; then
        printf 'complete\n'
    elif [ -n "$states" ] && ! grep -qvE '^(Failed|Rejected|Shutdown|Orphaned|Remove)' <<<"$states"; then
        printf 'failed\n'
    else
        printf 'running\n'
    fi
}

# swarm_update_marks STACK: one line per service of STACK: SERVICE|UPDATE-STATE|STARTED-AT of its
# last rolling update (none|none when it never had one). An unchanged service keeps its mark
# across a `docker stack deploy`; a changed one gets a new STARTED-AT at once (state updating).
swarm_update_marks() {
    local ids
    ids=$("$DOCKER" service ls -q --filter "label=com.docker.stack.namespace=$1" 2>/dev/null) || return 0
    [ -n "$ids" ] || return 0
    # shellcheck disable=SC2086 # one id a word
    "$DOCKER" service inspect $ids --format '{{.Spec.Name}}|{{if .UpdateStatus}}{{.UpdateStatus.State}}|{{.UpdateStatus.StartedAt}}{{else}}none|none{{end}}' 2>/dev/null |
        sed "s/^$1_//"
}

# swarm_updated STACK BEFORE: the marks of the services whose rolling update started since BEFORE
# (the marks taken before the deploy; a new STARTED-AT is a new update): SERVICE|STATE|STARTED-AT.
swarm_updated() {
    swarm_update_marks "$1" | awk -F'|' 'FNR == NR { started[$1] = $3; next } $3 != "none" && started[$1] != $3' <(printf '%s\n' "$2") -
}

# swarm_wait STACK FILE SECONDS BEFORE: waits until every service of FILE has all its replicas
# running (Swarm counts a task with a health check as running once it is healthy), every one-shot
# service (swarm/one-shot: its task completes, so its running replicas end at 0) completed, and
# every rolling update this deploy started (marks not in BEFORE, see swarm_update_marks) ended:
# completed, rolled back, or paused. Done when two polls in a row agree. Fails on timeout, or at
# once when a one-shot service failed; SWARM_PENDING names what was not ready.
swarm_wait() {
    local stack=$1 file=$2 deadline=$((SECONDS + $3)) before=$4 lines service want have pending one_shot state calm=0 updated
    one_shot=" $(generated_fact "$file" swarm/one-shot | tr '\n' ' ') "
    while :; do
        lines=$(swarm_replicas "$stack" 2>/dev/null) || lines=""
        updated=$(swarm_updated "$stack" "$before")
        pending=()
        for service in $(swarm_services "$file"); do
            if grep -qE "^$service\|(updating|rollback_started)\|" <<<"$updated"; then
                pending+=("$service (rolling update $(grep "^$service|" <<<"$updated" | cut -d'|' -f2))")
                continue
            fi
            if [[ "$one_shot" == *" $service "* ]]; then
                state=$(swarm_one_shot_state "$stack" "$service")
                if [ "$state" = failed ]; then
                    SWARM_PENDING=("$service (one-shot, failed)")
                    return 1
                fi
                [ "$state" = complete ] || pending+=("$service (one-shot, not complete)")
                continue
            fi
            want=$(generated_fact "$file" "swarm/replicas/$service")
            have=$(awk -v s="$service" '$1 == s { split($2, r, "/"); print r[1] }' <<<"$lines")
            [ "${have:-0}" = "$want" ] || pending+=("$service (${have:-0}/$want running healthy)")
        done
        if [ ${#pending[@]} = 0 ]; then
            calm=$((calm + 1))
            [ "$calm" -ge 2 ] && return 0
        else
            calm=0
        fi
        if [ "$SECONDS" -ge "$deadline" ]; then
            SWARM_PENDING=("${pending[@]}")
            return 1
        fi
        sleep 2
    done
}

# swarm_health_table STACK: the tasks Swarm wants running, per node: NODE TASK STATE (and why a
# task is not running, e.g. "no suitable node (insufficient resources on 1 node)").
swarm_health_table() {
    printf '    %-20s %-40s %s\n' NODE TASK STATE
    "$DOCKER" stack ps "$1" --filter desired-state=running --format '{{.Node}}|{{.Name}}|{{.CurrentState}}|{{.Error}}' |
        sort | while IFS='|' read -r node task state error; do
            printf '    %-20s %-40s %s%s\n' "${node:--}" "$task" "$state" "${error:+ ($error)}"
        done
}

# swarm_deploy MODE TIMEOUT: deploys MODE's stack file; exits like deploy.sh (0, 1, 3, 4).
swarm_deploy() {
    local mode=$1 timeout=$2 file stack other other_stack name missing=() detach=() resolve=()
    file=$(swarm_stack_file "$mode")
    stack=$(generated_fact "$file" swarm/stack)
    step "HomeIQ swarm deployment: $mode"
    info "    stack file    $file"
    info "    stack         $stack"
    info "    nodes         $(swarm_node_names "$file" | paste -sd' ' -) ($(generated_fact "$file" swarm/cluster) cluster)"

    step "Checking the generated files"
    local problem
    problem=$(generated_verify "$file") || die 1 "refusing to deploy $mode: $problem. Nothing was changed."
    info "    ok  digest intact ($file)"

    step "Checking secrets"
    local secrets_rel
    secrets_rel=$(generated_fact "$file" files/secrets)
    if [ -n "$secrets_rel" ] && [ -f "$secrets_rel" ]; then
        problem=$(secrets_file_problem "$PWD" "$secrets_rel") || die 1 "refusing to deploy $mode: $problem. Nothing was changed."
        # shellcheck disable=SC2046 # one name per word
        secrets_load "$PWD" "$secrets_rel" $(swarm_secret_names "$file") ||
            die 1 "refusing to deploy $mode: $secrets_rel has lines that are not KEY=VALUE. Nothing was changed."
    fi
    mapfile -t missing < <(swarm_export_versions "$file")
    if [ ${#missing[@]} -gt 0 ]; then
        for name in "${missing[@]}"; do error "$mode secret $name is not set"; done
        die 1 "refusing to deploy $mode: ${#missing[@]} secret(s) missing. Set them in the environment or in ${secrets_rel:-the secrets file} (chmod 600). Nothing was changed."
    fi
    swarm_export_versions "$file" >/dev/null
    info "    ok  $(swarm_secret_names "$file" | wc -l | tr -d ' ') secret(s), each a Swarm secret file named by its version"

    step "Checking the swarm"
    if [ "${SWARM_DRY_RUN:-0}" = 0 ]; then
        swarm_check_engine
        swarm_check_labels "$file"
        info "    ok  swarm manager; node labels match the cluster"
    fi

    other=$(mode_other "$mode")
    if [ "$(generated_fact "$file" swarm/side-by-side)" != true ]; then
        other_stack=$(generated_fact "$file" project)
        other_stack=${other_stack%-test}
        [ "$mode" = production ] && other_stack=$other_stack-test
        if [ "${SWARM_DRY_RUN:-0}" = 1 ] || "$DOCKER" stack ls --format '{{.Name}}' | grep -x "$other_stack" >/dev/null; then
            step "Mutual exclusion: removing the $other stack $other_stack (the cluster does not allow both modes side by side)"
            swarm_run "$DOCKER" stack rm "$other_stack" || die 1 "could not remove the $other stack $other_stack. Nothing was deployed."
        fi
    fi

    step "Secrets"
    swarm_create_secrets "$file" "$stack"

    step "Deploying $stack (waiting up to ${timeout}s for every replica to run healthy)"
    if [ "${SWARM_DRY_RUN:-0}" = 0 ] && "$DOCKER" stack deploy --help 2>/dev/null | grep -- --detach >/dev/null; then detach=(--detach=false); fi
    [ "${SWARM_DRY_RUN:-0}" = 1 ] || mkdir -p "$(generated_fact "$file" files/data)"
    # --pull never: the CLI asks no registry for digests (the engine then uses its local images).
    [ "${SWARM_PULL:-missing}" = never ] && resolve=(--resolve-image never)
    local status=0 before="" updated
    [ "${SWARM_DRY_RUN:-0}" = 1 ] || before=$(swarm_update_marks "$stack")
    swarm_run timeout "$timeout" "$DOCKER" stack deploy --prune "${resolve[@]}" "${detach[@]}" -c "$file" "$stack" || status=$?
    [ "${SWARM_DRY_RUN:-0}" = 1 ] && { step "Dry run complete: nothing was run"; return 0; }
    if [ "$status" = 124 ]; then
        warn "docker stack deploy did not finish within ${timeout}s"
    elif [ "$status" != 0 ]; then
        die 4 "docker stack deploy refused or failed (exit $status, see above): the $mode stack is not deployed; \`$DOCKER stack ps $stack\` shows what runs"
    fi
    local ready=0
    swarm_wait "$stack" "$file" "$timeout" "$before" && ready=1
    updated=$(swarm_updated "$stack" "$before")
    if [ "$ready" = 1 ] && { [ -z "$updated" ] || ! grep -qv '|completed|' <<<"$updated"; }; then
        step "Health per node"
        swarm_health_table "$stack"
        step "Deployed $mode (stack $stack)"
        info "    remove: $DOCKER stack rm $stack"
        return 0
    fi
    [ "$ready" = 1 ] || error "not running with all replicas healthy after ${timeout}s: $(printf '%s, ' "${SWARM_PENDING[@]}" | sed 's/, $//')"
    swarm_health_table "$stack" || true
    [ -z "$updated" ] || printf '%s\n' "$updated" | awk -F'|' '{ printf "    update: %s %s (started %s)\n", $1, $2, $3 }'
    if grep -q '|rollback_completed|' <<<"$updated"; then
        die 3 "the $mode update failed and Swarm rolled it back (update_config.failure_action: rollback): $(grep '|rollback_completed|' <<<"$updated" | cut -d'|' -f1 | paste -sd' ' -) run(s) the previous version"
    fi
    die 4 "the $mode deployment failed and Swarm had nothing to roll back to (or the rollback did not complete): see the table above; \`$DOCKER stack rm $stack\` removes it"
}

# swarm_validate MODE: checks the running stack of MODE against its stack file: placement (each
# running task on a node its facts allow), replicas, mode and role labels, secrets mounted as
# files and absent from the services' environment. Prints every problem; fails when one exists.
swarm_validate() {
    local mode=$1 file stack service want have nodes node label failures=0 secret target env
    file=$(swarm_stack_file "$mode")
    stack=$(generated_fact "$file" swarm/stack)
    label=$(generated_fact "$file" swarm/node-label)
    local node_labels
    node_labels=$(swarm_node_labels)
    local one_shot
    one_shot=" $(generated_fact "$file" swarm/one-shot | tr '\n' ' ') "
    for service in $(swarm_services "$file"); do
        want=$(generated_fact "$file" "swarm/replicas/$service")
        if [[ "$one_shot" == *" $service "* ]]; then
            local state
            state=$(swarm_one_shot_state "$stack" "$service")
            if [ "$state" != complete ]; then
                error "$service: runs once, and its task has not completed ($state)"
                failures=1
            fi
        else
            have=$("$DOCKER" service ls --filter "name=${stack}_$service" --format '{{.Name}} {{.Replicas}}' | awk -v n="${stack}_$service" '$1 == n { split($2, r, "/"); print r[1] }')
            if [ "${have:-0}" != "$want" ]; then
                error "$service: ${have:-0} of $want replicas running"
                failures=1
            fi
        fi
        nodes=$(generated_fact "$file" "swarm/placement/$service")
        if [ "$(generated_fact "$file" swarm/cluster)" = declared ]; then
            for node in $("$DOCKER" service ps "${stack}_$service" --filter desired-state=running --format '{{.Node}}'); do
                local named
                named=$(awk -v h="$node" -v l="$label" '$1 == h { for (i = 2; i <= NF; i++) if (index($i, l "=") == 1) print substr($i, length(l) + 2) }' <<<"$node_labels")
                if ! grep -qx "${named:-none}" <<<"$nodes"; then
                    error "$service: a task runs on $node (node ${named:-unlabelled}), not on $(paste -sd' ' - <<<"$nodes")"
                    failures=1
                fi
            done
        fi
        for key in mode role; do
            local wanted got
            wanted=$(generated_fact "$file" "labels/$key")
            got=$("$DOCKER" service inspect "${stack}_$service" --format "{{index .Spec.TaskTemplate.ContainerSpec.Labels \"$wanted\"}}")
            if [ "$key" = mode ] && [ "$got" != "$mode" ]; then
                error "$service: label $wanted is '$got', not '$mode'"
                failures=1
            elif [ -z "$got" ]; then
                error "$service: no $wanted label"
                failures=1
            fi
        done
        env=$("$DOCKER" service inspect "${stack}_$service" --format '{{range .Spec.TaskTemplate.ContainerSpec.Env}}{{println .}}{{end}}')
        for secret in $(generated_fact_keys "$file" secrets/required); do
            generated_fact "$file" "secrets/required/$secret" | grep -x "$service" >/dev/null || continue
            target=$("$DOCKER" service inspect "${stack}_$service" --format "{{range .Spec.TaskTemplate.ContainerSpec.Secrets}}{{if eq .File.Name \"$secret\"}}{{.File.Name}}{{end}}{{end}}")
            if [ "$target" != "$secret" ]; then
                error "$service: secret $secret is not mounted as /run/secrets/$secret"
                failures=1
            fi
            if grep -q "^$secret=" <<<"$env" || { [ -n "${!secret:-}" ] && grep -qF "=${!secret}" <<<"$env"; }; then
                error "$service: secret $secret is in its environment (docker inspect shows it)"
                failures=1
            fi
        done
    done
    [ "$failures" = 0 ] || return 1
    info "ok  stack $stack: placement, replicas, labels and secrets match $file"
}
