# shellcheck shell=bash
# Shared by the HomeIQ deploy scripts: messages, the repository root, mode names and paths,
# and running (or, in a dry run, printing) commands. Source it; it defines functions only.
#
# Callers set HOMEIQ_SCRIPT (their name, for messages) before sourcing.

if [ -z "${BASH_VERSINFO[0]:-}" ] || [ "${BASH_VERSINFO[0]}" -lt 4 ]; then
    printf '%s: error: bash 4 or newer is required (this is bash %s)\n' "${HOMEIQ_SCRIPT:-homeiq}" "${BASH_VERSION:-unknown}" >&2
    exit 2
fi

# --- messages --------------------------------------------------------------------------------

# info TEXT...: a progress line on standard output.
info() { printf '%s\n' "$*"; }

# step TEXT...: a section heading on standard output.
step() { printf '==> %s\n' "$*"; }

# warn TEXT...: a warning on standard error.
warn() { printf '%s: warning: %s\n' "${HOMEIQ_SCRIPT:-homeiq}" "$*" >&2; }

# error TEXT...: an error on standard error (does not exit).
error() { printf '%s: error: %s\n' "${HOMEIQ_SCRIPT:-homeiq}" "$*" >&2; }

# die STATUS TEXT...: an error on standard error, then exit with STATUS.
die() {
    local status=$1
    shift
    error "$@"
    exit "$status"
}

# --- the repository ----------------------------------------------------------------------------

# homeiq_root SCRIPT_PATH: the repository root, the parent of the folder holding the script.
homeiq_root() {
    local dir
    dir=$(cd "$(dirname "$1")" && pwd -P)
    # scripts/ or scripts/lib/ or scripts/testing/: walk up to the folder that holds scripts/.
    while [ "$dir" != "/" ] && [ "$(basename "$dir")" != "scripts" ]; do
        dir=$(dirname "$dir")
    done
    [ "$dir" != "/" ] || return 1
    dirname "$dir"
}

# --- modes -------------------------------------------------------------------------------------

# mode_normalize NAME: prints `test` or `production` (accepts `prod`); fails for anything else.
mode_normalize() {
    case "$1" in
        test) printf 'test\n' ;;
        production | prod) printf 'production\n' ;;
        *) return 1 ;;
    esac
}

# mode_other MODE: the other mode.
mode_other() { if [ "$1" = test ]; then printf 'production\n'; else printf 'test\n'; fi; }

# The project name, files and data folder of each mode are facts of the generated compose file:
# see mode_project, mode_compose_file, ... in generated.sh.

# --- reading YAML scalars in awk ------------------------------------------------------------------

# AWK_YAML_UNQUOTE: an awk function, unquote(TEXT), for the scalars of a block-style YAML line:
# "double-quoted" (\n, \t and \X read), 'single-quoted' ('' read as '), or plain (a ` #` comment
# and trailing blanks dropped). Prepend it to an awk program: awk "$AWK_YAML_UNQUOTE"'...'.
# shellcheck disable=SC2016,SC2034 # awk code, not shell; used by compose.sh and generated.sh
AWK_YAML_UNQUOTE='
        function unquote(text,    first, out, i, c) {
            first = substr(text, 1, 1)
            if (first == "\"" && length(text) >= 2 && substr(text, length(text), 1) == "\"") {
                text = substr(text, 2, length(text) - 2)
                out = ""
                for (i = 1; i <= length(text); i++) {
                    c = substr(text, i, 1)
                    if (c == "\\" && i < length(text)) {
                        i++
                        c = substr(text, i, 1)
                        if (c == "n") c = "\n"
                        else if (c == "t") c = "\t"
                    }
                    out = out c
                }
                return out
            }
            if (first == "\047" && length(text) >= 2 && substr(text, length(text), 1) == "\047") {
                text = substr(text, 2, length(text) - 2)
                gsub("\047\047", "\047", text)
                return text
            }
            # A plain scalar ends before " #".
            sub(/[ \t]+#.*$/, "", text)
            sub(/[ \t]+$/, "", text)
            return text
        }
'

# --- commands ----------------------------------------------------------------------------------

# shell_quote WORD: WORD as the shell would need it typed (bare when it is safe, else single-quoted).
shell_quote() {
    if [ -n "$1" ] && [[ "$1" =~ ^[A-Za-z0-9_@%+=:,./-]+$ ]]; then
        printf '%s' "$1"
    else
        printf "'%s'" "${1//\'/\'\\\'\'}"
    fi
}

# command_line WORD...: the words as one copy-pasteable line.
command_line() {
    local word line=""
    for word in "$@"; do
        line+="${line:+ }$(shell_quote "$word")"
    done
    printf '%s\n' "$line"
}

# compose_cmd_for MODE: sets the array COMPOSE_CMD to the words of
# `$DOCKER compose -p PROJECT -f COMPOSE_FILE --env-file ENV_FILE` for MODE (paths relative to the root).
compose_cmd_for() {
    # shellcheck disable=SC2034 # used by the caller
    COMPOSE_CMD=("${DOCKER:-docker}" compose -p "$(mode_project "$1")" -f "$(mode_compose_file "$1")" --env-file "$(mode_env_file "$1")")
}
