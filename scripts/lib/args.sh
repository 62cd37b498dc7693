# shellcheck shell=bash
# The one argument loop of the HomeIQ scripts. Source it after common.sh (it uses die).
#
#   args_parse USAGE SPEC... -- ARG...
#
# USAGE is the function that prints the script's help (-h/--help runs it and exits 0). Each SPEC
# declares one option or the operand:
#   --name:var        a flag: sets var=1
#   --name=:var       an option with a value (`--name VALUE` or `--name=VALUE`): sets var=VALUE
#   -q|--quiet:var    several spellings of the same option (flag or, with `=`, value)
#   @var[:noun]       the one operand allowed (a second one, or one when @ is absent, is an error;
#                     NOUN names it in that message, e.g. @mode_arg:mode: "one mode only")
# Errors exit 2 with a message: an unknown option, a missing value, a second operand. Variables
# not given keep the value the caller set before. Values are checked by the caller.

# args_parse USAGE SPEC... -- ARG...
args_parse() {
    local usage=$1 spec names var takes_value operand_var="" operand_noun=operand word name matched
    shift
    local -a specs=()
    while [ $# -gt 0 ] && [ "$1" != -- ]; do
        specs+=("$1")
        shift
    done
    [ $# -gt 0 ] && shift # the --
    for spec in "${specs[@]}"; do
        case "$spec" in
            @*:*) operand_var=${spec%%:*} operand_var=${operand_var#@} operand_noun=${spec#*:} ;;
            @*) operand_var=${spec#@} ;;
        esac
    done
    local operand_given=""
    while [ $# -gt 0 ]; do
        word=$1
        case "$word" in
            -h | --help) "$usage"; exit 0 ;;
            --) shift; break ;;
        esac
        if [[ "$word" == -* ]]; then
            matched=0
            for spec in "${specs[@]}"; do
                [[ "$spec" != @* ]] || continue
                names=${spec%%:*}
                var=${spec#*:}
                takes_value=0
                if [[ "$names" == *= ]]; then
                    takes_value=1
                    names=${names%=}
                fi
                local IFS='|'
                for name in $names; do
                    if [ "$takes_value" = 0 ] && [ "$word" = "$name" ]; then
                        printf -v "$var" '%s' 1
                        matched=1
                    elif [ "$takes_value" = 1 ] && [ "$word" = "$name" ]; then
                        [ $# -ge 2 ] || die 2 "$name needs a value (see --help)"
                        printf -v "$var" '%s' "$2"
                        shift
                        matched=1
                    elif [ "$takes_value" = 1 ] && [[ "$word" == "$name="* ]]; then
                        printf -v "$var" '%s' "${word#"$name"=}"
                        matched=1
                    fi
                    [ "$matched" = 0 ] || break
                done
                unset IFS
                [ "$matched" = 0 ] || break
            done
            [ "$matched" = 1 ] || die 2 "unknown option '$word' (see --help)"
        else
            args_operand "$operand_var" "$operand_noun" "$operand_given" "$word"
            operand_given=$word
        fi
        shift
    done
    # After `--`, every word is an operand.
    while [ $# -gt 0 ]; do
        args_operand "$operand_var" "$operand_noun" "$operand_given" "$1"
        operand_given=$1
        shift
    done
}

# args_operand VAR NOUN PREVIOUS WORD: stores the operand WORD in VAR, or refuses it.
args_operand() {
    [ -n "$1" ] || die 2 "unexpected argument '$4' (see --help)"
    [ -z "$3" ] || die 2 "one $2 only (got '$3' and '$4')"
    printf -v "$1" '%s' "$4"
}
