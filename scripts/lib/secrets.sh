# shellcheck shell=bash
# Deploy-time secrets: the untracked `infrastructure/secrets.<mode>.env` files and the
# `${NAME:?…}` references of the generated compose files. Values are never printed.
# Requires common.sh, envfile.sh and compose.sh.

SECRETS_LOADED=()
SECRETS_PROBLEMS=()

# file_mode FILE: the permission bits of FILE in octal (e.g. 600); a symlink's target's.
file_mode() {
    stat -L -c %a "$1" 2>/dev/null || stat -L -f %Lp "$1" 2>/dev/null
}

# file_owner FILE: the numeric owner of FILE; a symlink's target's.
file_owner() {
    stat -L -c %u "$1" 2>/dev/null || stat -L -f %u "$1" 2>/dev/null
}

# secrets_file_problem ROOT RELATIVE_PATH: succeeds when the secrets file may be used; otherwise
# prints why (one line) and fails. Refused: tracked by git, any permission for group or others,
# or owned by another user than the one deploying (root excepted). A symlink is judged by its
# target, and the advice names the target (chmod on a link changes nothing).
secrets_file_problem() {
    local root=$1 rel=$2 mode owner output status file shown
    file="$root/$rel"
    shown=$rel
    if [ -L "$file" ]; then
        local target
        target=$(readlink -f "$file" 2>/dev/null) || target=""
        if [ -z "$target" ] || [ ! -e "$target" ]; then
            printf '%s: a symlink to a file that does not exist\n' "$rel"
            return 1
        fi
        shown="$target (the target of the symlink $rel)"
        file=$target
    fi
    mode=$(file_mode "$file") || {
        printf '%s: cannot read its permissions\n' "$shown"
        return 1
    }
    if (((8#$mode & 8#077) != 0)); then
        printf '%s: readable by group or others (mode %s): run "chmod 600 %s"\n' "$shown" "$mode" "${file#"$root"/}"
        return 1
    fi
    owner=$(file_owner "$file") || owner=""
    if [ -n "$owner" ] && [ "$owner" != "$(id -u)" ] && [ "$owner" != 0 ]; then
        printf '%s: owned by user %s, not by you (user %s) or root: another user can change the secrets you deploy. Run "chown %s %s" as root\n' \
            "$shown" "$owner" "$(id -u)" "$(id -un 2>/dev/null || id -u)" "${file#"$root"/}"
        return 1
    fi
    if command -v git >/dev/null 2>&1; then
        status=0
        output=$(git -C "$root" ls-files --error-unmatch -- "$rel" 2>&1) || status=$?
        case "$status" in
            0)
                printf '%s: tracked by git: secrets must never be committed. Run "git rm --cached %s", commit, and rotate every secret in it\n' "$rel" "$rel"
                return 1
                ;;
            1) ;; # untracked
            *)
                if [[ "$output" != *"not a git repository"* ]]; then
                    printf '%s: cannot ask git whether it is tracked: %s\n' "$rel" "$(printf '%s' "$output" | sed -n 1p)"
                    return 1
                fi
                ;;
        esac
    elif [ -e "$root/.git" ]; then
        warn "git is not installed: cannot check that $rel is untracked"
    fi
}

# secrets_load ROOT RELATIVE_PATH NAME...: exports each NAME listed that the file sets and the
# environment does not already set to a non-empty value; other keys are ignored with a warning.
# Appends the names loaded to the array SECRETS_LOADED and each malformed or repeated line to
# SECRETS_PROBLEMS; fails when there is one. Run it in the current shell (not in `$(…)`): it exports.
secrets_load() {
    local root=$1 rel=$2
    shift 2
    local -A wanted=()
    local -A first_line=()
    local name kind line key value bad=0
    for name in "$@"; do wanted[$name]=1; done
    while IFS=$ENVFILE_FS read -r kind line key value; do
        if [ "$kind" = invalid ]; then
            SECRETS_PROBLEMS+=("$rel:$line: $value (expected KEY=VALUE; the file is read as data, never executed)")
            bad=1
            continue
        fi
        if [ -n "${first_line[$key]:-}" ]; then
            # Compose and python-dotenv take the last line, a reader taking the first would deploy
            # another value: neither is guessed.
            SECRETS_PROBLEMS+=("$rel:$line: $key is set twice (first at line ${first_line[$key]}): keep one line (rotating a secret means replacing its line, not appending one)")
            bad=1
            continue
        fi
        first_line[$key]=$line
        if [ -z "${wanted[$key]:-}" ]; then
            warn "$rel:$line: $key is not used by this deployment: ignored"
            continue
        fi
        if [ -n "${!key:-}" ]; then
            continue # the environment wins
        fi
        export "$key=$value"
        SECRETS_LOADED+=("$key")
    done < <(envfile_records "$root/$rel")
    return "$bad"
}
