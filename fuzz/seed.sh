#!/usr/bin/env bash
# Seed the corpus of the `loader` fuzz target with the example dossier's
# files, each prefixed with the selector byte of the slot its kind goes in
# (see fuzz_targets/loader.rs). The corpus is not committed: run this first.
set -euo pipefail
cd "$(dirname "$0")"
example=../examples/dossier
corpus=corpus/loader
mkdir -p "$corpus"

seed() { # selector file
    local name
    name=$(printf '%s' "${2#"$example"/}" | tr '/' '_')
    { printf "\\x$(printf '%02x' "$1")"; cat "$2"; } >"$corpus/$name"
}

seed 0 "$example/kmi.toml"
seed 1 "$example/scheme.toml"
for f in "$example"/people/*.toml; do seed 2 "$f"; done
for f in "$example"/institutions/*/institution.toml; do seed 3 "$f"; done
for f in "$example"/institutions/*/audits/*.toml; do seed 4 "$f"; done
for f in "$example"/institutions/*/decisions/*.toml; do seed 6 "$f"; done
for f in "$example"/institutions/*/progress/*.toml; do seed 8 "$f"; done
echo "seeded $(find "$corpus" -type f | wc -l) inputs in fuzz/$corpus"
