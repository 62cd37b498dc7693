# shellcheck shell=bash
# Reading KEY=VALUE files (the generated env files and the untracked secrets files) as data:
# nothing in them is ever evaluated, sourced or expanded. Requires common.sh.
#
# Accepted lines: blank lines, `#` comments, and `KEY=VALUE` (optionally `export KEY=VALUE`) where
# KEY is [A-Za-z_][A-Za-z0-9_]* and VALUE is unquoted (a trailing ` # comment` is dropped),
# 'single-quoted' (taken literally) or "double-quoted" (\" \\ and \n unescaped).

ENVFILE_FS=$'\037'

# envfile_records FILE: one record a line: `entry LINE KEY VALUE`, or `invalid LINE - REASON`,
# fields separated by \037.
envfile_records() {
    local file=$1 number=0 raw line key value
    while IFS= read -r raw || [ -n "$raw" ]; do
        number=$((number + 1))
        line=${raw%$'\r'}
        # Leading whitespace is not significant.
        line=${line#"${line%%[![:space:]]*}"}
        case "$line" in '' | '#'*) continue ;; esac
        if [[ "$line" =~ ^export[[:space:]]+(.*)$ ]]; then line=${BASH_REMATCH[1]}; fi
        if ! [[ "$line" =~ ^([A-Za-z_][A-Za-z0-9_]*)[[:space:]]*=[[:space:]]*(.*)$ ]]; then
            printf 'invalid%s%s%s-%s%s\n' "$ENVFILE_FS" "$number" "$ENVFILE_FS" "$ENVFILE_FS" "not a KEY=VALUE line"
            continue
        fi
        key=${BASH_REMATCH[1]}
        value=${BASH_REMATCH[2]}
        case "$value" in
            \'*)
                if ! [[ "$value" =~ ^\'([^\']*)\'[[:space:]]*(#.*)?$ ]]; then
                    printf 'invalid%s%s%s%s%s%s\n' "$ENVFILE_FS" "$number" "$ENVFILE_FS" "$key" "$ENVFILE_FS" "unterminated single quote"
                    continue
                fi
                value=${BASH_REMATCH[1]}
                ;;
            \"*)
                if ! [[ "$value" =~ ^\"((\\.|[^\"\\])*)\"[[:space:]]*(#.*)?$ ]]; then
                    printf 'invalid%s%s%s%s%s%s\n' "$ENVFILE_FS" "$number" "$ENVFILE_FS" "$key" "$ENVFILE_FS" "unterminated double quote"
                    continue
                fi
                value=${BASH_REMATCH[1]}
                value=${value//\\n/$'\n'}
                value=${value//\\\"/\"}
                value=${value//\\\\/\\}
                ;;
            *)
                value=${value%%[[:space:]]#*}
                value=${value%"${value##*[![:space:]]}"}
                ;;
        esac
        if [[ "$value" == *$'\n'* ]]; then
            printf 'invalid%s%s%s%s%s%s\n' "$ENVFILE_FS" "$number" "$ENVFILE_FS" "$key" "$ENVFILE_FS" "multi-line values are not supported"
            continue
        fi
        printf 'entry%s%s%s%s%s%s\n' "$ENVFILE_FS" "$number" "$ENVFILE_FS" "$key" "$ENVFILE_FS" "$value"
    done <"$file"
}

# envfile_value FILE KEY: the value of the last KEY=… line of FILE; fails when KEY is absent.
envfile_value() {
    local kind line key value found=1 result=""
    while IFS=$ENVFILE_FS read -r kind line key value; do
        if [ "$kind" = entry ] && [ "$key" = "$2" ]; then
            result=$value
            found=0
        fi
    done < <(envfile_records "$1")
    [ "$found" = 0 ] && printf '%s\n' "$result"
}
