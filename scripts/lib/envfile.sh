# shellcheck shell=bash
# Reading KEY=VALUE files (the generated env files and the untracked secrets files) as data:
# nothing in them is ever evaluated, sourced or expanded. Requires common.sh.
#
# Accepted lines: blank lines, `#` comments, and `KEY=VALUE` (optionally `export KEY=VALUE`) where
# KEY is [A-Za-z_][A-Za-z0-9_]* and VALUE is unquoted (a trailing ` # comment` is dropped),
# 'single-quoted' (taken literally) or "double-quoted" (\" and \\ unescaped, left to right; any
# other escape is refused). A value never holds a line break. This is the grammar homeiq-gen's
# DotenvWriter writes in (Tests/ScriptTests/EnvFileGrammarTests.swift checks both sides); a
# leading UTF-8 byte-order mark is named as such.

# envfile_unescape TEXT: the text between double quotes with its escapes read, followed by a `.`
# (so that command substitution keeps trailing line breaks); on an escape other than \" and \\
# (or \n, \r, read as line breaks and refused by the caller), prints why and fails.
envfile_unescape() {
    local rest=$1 out="" chunk
    while [ -n "$rest" ]; do
        chunk=${rest%%\\*}
        out+=$chunk
        rest=${rest#"$chunk"}
        [ -n "$rest" ] || break
        case "${rest:1:1}" in
            \\ | \") out+=${rest:1:1} ;;
            n) out+=$'\n' ;;
            r) out+=$'\r' ;;
            *)
                printf 'the escape \\%s inside double quotes is read differently by compose and python-dotenv: write the character itself or single-quote the value' "${rest:1:1}"
                return 1
                ;;
        esac
        rest=${rest:2}
    done
    printf '%s.' "$out"
}

ENVFILE_FS=$'\037'

# envfile_records FILE: one record a line: `entry LINE KEY VALUE`, or `invalid LINE - REASON`,
# fields separated by \037.
envfile_records() {
    local file=$1 number=0 raw line key value
    while IFS= read -r raw || [ -n "$raw" ]; do
        number=$((number + 1))
        line=${raw%$'\r'}
        if [ "$number" = 1 ] && [[ "$line" == $'\xef\xbb\xbf'* ]]; then
            printf 'invalid%s%s%s-%s%s\n' "$ENVFILE_FS" "$number" "$ENVFILE_FS" "$ENVFILE_FS" "the file starts with a UTF-8 byte-order mark (BOM): save it without one (as UTF-8 without BOM, or ASCII)"
            line=${line#$'\xef\xbb\xbf'}
        fi
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
                if ! value=$(envfile_unescape "${BASH_REMATCH[1]}"); then
                    printf 'invalid%s%s%s%s%s%s\n' "$ENVFILE_FS" "$number" "$ENVFILE_FS" "$key" "$ENVFILE_FS" "$value"
                    continue
                fi
                value=${value%.}
                ;;
            *)
                value=${value%%[[:space:]]#*}
                value=${value%"${value##*[![:space:]]}"}
                ;;
        esac
        if [[ "$value" == *$'\n'* || "$value" == *$'\r'* ]]; then
            printf 'invalid%s%s%s%s%s%s\n' "$ENVFILE_FS" "$number" "$ENVFILE_FS" "$key" "$ENVFILE_FS" "line breaks in values are not supported (one entry a line; homeiq-gen refuses them too)"
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
