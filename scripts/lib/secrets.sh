# shellcheck shell=bash
# Deploy-time secrets: the untracked `infrastructure/secrets.<mode>.env` files and the
# `${NAME:?…}` references of the generated compose files. Values are never printed.
# Requires common.sh, envfile.sh and compose.sh.

SECRETS_LOADED=()
SECRETS_PROBLEMS=()

# file_mode FILE: the permission bits of FILE in octal (e.g. 600).
file_mode() {
    stat -c %a "$1" 2>/dev/null || stat -f %Lp "$1" 2>/dev/null
}

# secrets_file_problem ROOT RELATIVE_PATH: succeeds when the secrets file may be used; otherwise
# prints why (one line) and fails. Refused: tracked by git, or any permission for group or others.
secrets_file_problem() {
    local root=$1 rel=$2 mode output status
    mode=$(file_mode "$root/$rel") || {
        printf '%s: cannot read its permissions\n' "$rel"
        return 1
    }
    if (((8#$mode & 8#077) != 0)); then
        printf '%s: readable by group or others (mode %s): run "chmod 600 %s"\n' "$rel" "$mode" "$rel"
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
                    printf '%s: cannot ask git whether it is tracked: %s\n' "$rel" "$(printf '%s' "$output" | head -n 1)"
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
# Appends the names loaded to the array SECRETS_LOADED and each malformed line to SECRETS_PROBLEMS;
# fails when a line is malformed. Run it in the current shell (not in `$(…)`): it exports.
secrets_load() {
    local root=$1 rel=$2
    shift 2
    local -A wanted=()
    local name kind line key value bad=0
    for name in "$@"; do wanted[$name]=1; done
    while IFS=$ENVFILE_FS read -r kind line key value; do
        if [ "$kind" = invalid ]; then
            SECRETS_PROBLEMS+=("$rel:$line: $value (expected KEY=VALUE; the file is read as data, never executed)")
            bad=1
            continue
        fi
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
