#!/usr/bin/env bash
# Layering check: every #include "…" of the project's own headers must respect the floors of
# DESIGN.md. Run by CTest (test "layering") and so by ./run test and .ci/run.
#   cmake/check-layering.sh [SOURCE_ROOT]
# Exits 1 and names each offending include; 0 when the tree keeps to the floors.
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root"

# The floors of src/, from the ground up. A folder may include headers of its own floor and of
# the floors it lists. client and server stand side by side and never use each other.
declare -A allowed=(
    [values]=""
    [errors]="values"
    [uri]="values errors"
    [config]="values errors uri"
    [protocol]="values errors uri config"
    [serializers]="values errors uri config"
    [client]="values errors uri config protocol serializers"
    [server]="values errors uri config protocol serializers"
    [naming]="values errors uri config protocol serializers client server"
    [signals]="values errors uri config protocol serializers client server"
)
# Tools that deliberately show the wire core (documented in their CMakeLists.txt).
private_ok_tools=" pyro-demo "

# header basename -> floor
declare -A floor_of=()
while IFS= read -r h; do
    f=${h#src/}
    floor_of[$(basename "$h")]=${f%%/*}
done < <(find src -name '*.h' | sort)

status=0
fail() { printf 'layering: %s\n' "$*" >&2; status=1; }

includes() {  # file -> the quoted includes, one "line:header" a line
    grep -n -E '^[[:space:]]*#[[:space:]]*include[[:space:]]*"[^"]+"' "$1" \
        | sed -E 's/^([0-9]+):.*"([^"]+)".*/\1:\2/' || true
}

while IFS= read -r file; do
    rel=${file#src/}
    floor=${rel%%/*}
    ok=" $floor ${allowed[$floor]-} "
    while IFS=: read -r line inc; do
        [ -n "$inc" ] || continue
        target=${floor_of[$(basename "$inc")]-}
        [ -n "$target" ] || continue  # not one of the library's headers
        case "$ok" in
            *" $target "*) ;;
            *) fail "$file:$line includes $inc ($floor must not use $target)" ;;
        esac
    done < <(includes "$file")
done < <(find src -name '*.h' -o -name '*.cpp' | sort)

# Plugins are the proof that an outside author can write one: public headers only. The same
# holds for the tools except those listed above.
while IFS= read -r file; do
    case "$file" in
        tools/*) tool=${file#tools/}; tool=${tool%%/*}
                 [[ "$private_ok_tools" == *" $tool "* ]] && continue ;;
    esac
    while IFS=: read -r line inc; do
        case "$inc" in
            *_p.h) [ -n "${floor_of[$(basename "$inc")]-}" ] \
                       && fail "$file:$line includes the private header $inc" ;;
        esac
    done < <(includes "$file")
done < <(find plugins tools -name '*.h' -o -name '*.cpp' | sort)

[ "$status" -eq 0 ] && echo "layering: ok"
exit "$status"
