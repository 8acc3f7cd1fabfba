#!/usr/bin/env bash
# Seed the corpora of the fuzz targets from the example dossier: `loader`
# gets every record file, prefixed with the selector byte of the slot its
# kind goes in (see fuzz_targets/loader.rs); `new_finding` gets the audits as
# they are. The corpora are not committed: run this first.
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

mkdir -p corpus/new_finding
for f in "$example"/institutions/*/audits/*.toml; do
    cp "$f" "corpus/new_finding/$(basename "$(dirname "$(dirname "$f")")")_$(basename "$f")"
done
echo "seeded $(find corpus/new_finding -type f | wc -l) inputs in fuzz/corpus/new_finding"
