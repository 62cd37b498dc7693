# shellcheck shell=bash
# Reading compose files without Docker or Python: a small parser for the block-style YAML that
# homeiq-gen writes (and that `docker compose config` prints), tracking indentation.
#
# compose_records prints one record a line, fields separated by the unit separator (\037):
#   name     LINE  -        -        PROJECT     the top-level `name:`
#   service  LINE  SERVICE  -        -           a service under `services:`
#   env      LINE  SERVICE  KEY      VALUE       an `environment:` entry (mapping or KEY=VALUE list)
#   label    LINE  SERVICE  KEY      VALUE       a `labels:` entry (mapping or key=value list)
#   mount    LINE  SERVICE  -        VALUE       a `volumes:` entry of a service (short syntax, or the
#                                                `source:` of the long syntax)
#   scalar   LINE  SERVICE  KEY      VALUE       a scalar key of a service (image, container_name, ...)
#   unsupported LINE SERVICE KEY     TEXT        a flow-style value the parser does not read
# Quoted scalars are unquoted; comments and blank lines are skipped. Requires common.sh.

COMPOSE_FS=$'\037'

# compose_records [FILE]: the records of FILE (standard input when FILE is omitted or `-`).
# Scalars may continue on more-indented lines (folded plain or quoted scalars, as YAML writers
# wrap long values); the pieces are joined with a space.
compose_records() {
    awk -v FS_OUT="$COMPOSE_FS" "$AWK_YAML_UNQUOTE"'
        # Whether a quoted scalar starts in TEXT and is not closed on this line.
        function unclosed(text,    q, body, n) {
            q = substr(text, 1, 1)
            if (q == "\"") {
                body = substr(text, 2)
                gsub(/\\\\/, "", body)
                gsub(/\\"/, "", body)
                return index(body, "\"") == 0
            }
            if (q == "'\''") {
                body = substr(text, 2)
                gsub("'\'''\''", "", body)
                return index(body, "'\''") == 0
            }
            return 0
        }
        # Splits "key: value" (the key possibly quoted) into KEY and VALUE; 0 when it is not a mapping entry.
        function split_entry(text,    q, end, rest) {
            KEY = ""; VALUE = ""
            q = substr(text, 1, 1)
            if (q == "\"" || q == "'\''") {
                end = index(substr(text, 2), q)
                if (end == 0) return 0
                KEY = substr(text, 2, end - 1)
                rest = substr(text, end + 2)
                if (rest !~ /^:( |$)/) return 0
                VALUE = substr(rest, 2)
            } else {
                if (match(text, /:( |$)/) == 0) return 0
                KEY = substr(text, 1, RSTART - 1)
                VALUE = substr(text, RSTART + 1)
            }
            sub(/^[ \t]+/, "", VALUE)
            return 1
        }
        function emit(kind, line, service, key, value) {
            print kind FS_OUT line FS_OUT service FS_OUT key FS_OUT value
        }
        # A scalar is held until the next line shows whether it continues.
        function hold(kind, service, key, raw, as_item) {
            flush()
            pending = 1; p_kind = kind; p_line = NR; p_service = service; p_key = key; p_raw = raw
            p_item = as_item; p_indent = indent
        }
        function flush(    value, eq) {
            if (!pending) return
            pending = 0
            value = unquote(p_raw)
            if (!p_item) { emit(p_kind, p_line, p_service, p_key, value); return }
            if (p_kind == "mount") { emit(p_kind, p_line, p_service, "-", value); return }
            eq = index(value, "=")
            if (eq == 0) emit(p_kind, p_line, p_service, value, "")
            else emit(p_kind, p_line, p_service, substr(value, 1, eq - 1), substr(value, eq + 1))
        }
        {
            line = $0
            sub(/\r$/, "", line)
            match(line, /^ */)
            indent = RLENGTH
            text = substr(line, indent + 1)
        }
        # The continuation of a held scalar: more indented than its entry.
        pending && indent > p_indent && text != "" && (unclosed(p_raw) || substr(text, 1, 1) != "#") {
            # Inside double quotes, a line ending in a backslash continues without a space.
            if (unclosed(p_raw) && substr(p_raw, 1, 1) == "\"" && p_raw ~ /\\$/) p_raw = substr(p_raw, 1, length(p_raw) - 1) text
            else p_raw = p_raw " " text
            next
        }
        /^[ \t]*(#|$)/ { next }
        /^---/ { flush(); next }
        {
            flush()
            is_item = (substr(text, 1, 2) == "- " || text == "-")
            item = is_item ? substr(text, 3) : ""
            sub(/^[ \t]+/, "", item)

            if (indent == 0 && !is_item) {
                top = ""; service = ""; section = ""
                service_indent = -1; key_indent = -1; item_indent = -1
                if (split_entry(text)) {
                    top = KEY
                    if (KEY == "name" && VALUE != "") hold("name", "-", "-", VALUE, 0)
                }
                next
            }
            if (top != "services") next

            if (service_indent < 0) service_indent = indent
            if (indent == service_indent && !is_item) {
                section = ""; key_indent = -1; item_indent = -1
                if (split_entry(text)) { service = KEY; emit("service", NR, service, "-", "-") }
                next
            }
            if (service == "" || indent < service_indent) next

            if (key_indent < 0) key_indent = indent
            if (indent == key_indent && !is_item) {
                section = ""; item_indent = -1
                if (split_entry(text)) {
                    if (VALUE == "") section = KEY
                    else if (VALUE ~ /^[\{\[]/ && (KEY == "environment" || KEY == "labels" || KEY == "volumes")) emit("unsupported", NR, service, KEY, VALUE)
                    else hold("scalar", service, KEY, VALUE, 0)
                }
                next
            }
            if (indent < key_indent || section == "") next
            if (section != "environment" && section != "labels" && section != "volumes") next

            # Items of the section: at the key indent (a sequence written flush) or deeper.
            if (item_indent < 0) item_indent = indent
            # The long mount syntax (what `docker compose config` prints): read its `source:`.
            if (indent > item_indent && long_mount) {
                if (split_entry(text) && KEY == "source") hold("mount", service, "", VALUE, 1)
                next
            }
            if (indent != item_indent) next
            long_mount = 0
            kind = (section == "environment") ? "env" : (section == "labels") ? "label" : "mount"
            if (is_item) {
                if (kind == "mount" && item !~ /^["'\'']/ && split_entry(item)) {
                    long_mount = 1
                    if (KEY == "source") hold("mount", service, "", VALUE, 1)
                    next
                }
                hold(kind, service, "", item, 1)
            } else if (kind != "mount" && split_entry(text)) {
                if (VALUE ~ /^[\{\[]/) emit("unsupported", NR, service, KEY, VALUE)
                else hold(kind, service, KEY, VALUE, 0)
            }
        }
        END { flush() }
    ' "${1:--}"
}

# The secrets and variables each mode needs (compose_required_secrets, ...) are facts of the
# generated compose file: see generated.sh.

# compose_referenced_variables_without_default FILE...: every distinct NAME of a `${NAME}` or
# `${NAME:?…}` reference (those compose warns about or refuses when unset), sorted.
compose_referenced_variables_without_default() {
    # shellcheck disable=SC2016 # a literal ${ in the pattern
    cat "$@" | grep -v '^[[:space:]]*#' | grep -oE '\$\{[A-Za-z_][A-Za-z0-9_]*(\}|:\?)' | sed -E 's/^\$\{//; s/(\}|:\?)$//' | sort -u || true
}

# compose_images FILE: the distinct images the services of FILE name, sorted.
compose_images() {
    local kind key value
    while IFS=$COMPOSE_FS read -r kind _ _ key value; do
        [ "$kind" = scalar ] && [ "$key" = image ] && printf '%s\n' "$value"
    done < <(compose_records "$1") | sort -u
}

# compose_profiles FILE: the distinct profiles the services of FILE declare (`profiles:` items), sorted.
compose_profiles() {
    awk '
        /^[^ #]/ { in_services = ($0 ~ /^services:/) ; next }
        !in_services { next }
        { match($0, /^ */); indent = RLENGTH }
        in_profiles && indent > profiles_indent && $0 ~ /^ *- / {
            item = $0; sub(/^ *- */, "", item); sub(/[ \t]+#.*$/, "", item); gsub(/^["'\'']|["'\'']$/, "", item)
            print item; next
        }
        { in_profiles = 0 }
        /^ +profiles:[ \t]*$/ { in_profiles = 1; profiles_indent = indent }
    ' "$1" | sort -u
}

# compose_default_services FILE: one line `SERVICE RESTART` per service of FILE that `up` starts
# without a `--profile` (no `profiles:` key), in file order; RESTART is the `restart:` policy
# (unquoted; `-` when absent).
compose_default_services() {
    awk "$AWK_YAML_UNQUOTE"'
        function flush() { if (service != "" && !profiled) print service " " (restart == "" ? "-" : restart); service = "" }
        /^[^ #]/ { flush(); in_services = ($0 ~ /^services:[ \t]*$/); next }
        !in_services { next }
        /^  [^ #-][^:]*:[ \t]*$/ { flush(); service = $0; sub(/^  /, "", service); sub(/:[ \t]*$/, "", service); service = unquote(service); profiled = 0; restart = ""; next }
        /^    profiles:/ { profiled = 1; next }
        /^    restart:/ { value = $0; sub(/^    restart:[ \t]*/, "", value); sub(/[ \t]+#.*$/, "", value); restart = unquote(value); next }
        END { flush() }
    ' "$1"
}
