#!/bin/sh
# Builds the whole site from two commits of the book and compares every file of the two Site/
# folders byte for byte: the acceptance test of a change that must not change any page (a
# refactoring of the builder). Exits 0 when both sites hold the same files with the same bytes.
#
#     Tests/BookBuilderTests/SiteComparison/compare-sites.sh [OLD [NEW]]     (default: main HEAD)
#
# NEW may be `.`: the working tree as it is, built in its own .build like `make site`.
# Each side is the commit's tree (uncommitted changes are not part of it), checked out into
# .build-compare/old and .build-compare/new with an index of its own (git rewrites only the files
# that changed, so a second comparison rebuilds only what changed), built in release mode in its own
# scratch folder (.build-old, .build-new inside it), then `book build` runs every chapter there.
# The run cache of each side stays in its folder; pass NO_CACHE=1 to run every chapter afresh.
set -eu
old=${1:-main}
new=${2:-HEAD}
root=$(git rev-parse --show-toplevel)
work="$root/.build-compare"
mkdir -p "$work"

side() {  # side NAME COMMIT: extract, build, run the book; prints nothing but progress
    name=$1
    if [ "$2" = . ]; then
        echo "== $name: the working tree"
        rm -rf "$work/$name" && ln -s "$root" "$work/$name"
        (cd "$root" && swift build -c release 2>&1 | tail -1)
        bin=$(cd "$root" && swift build -c release --show-bin-path)
        (cd "$root" && "$bin/book" build --library-dir "$bin") || echo "   ($name: the build reported errors)"
        return
    fi
    [ -L "$work/$name" ] && rm "$work/$name"
    commit=$(git -C "$root" rev-parse --verify "$2^{commit}")
    dir="$work/$name"
    mkdir -p "$dir"
    GIT_INDEX_FILE="$work/$name.index" git -C "$root" --work-tree="$dir" read-tree --reset -u "$commit"
    test -f "$dir/Package.swift"  # never build another package found further up
    echo "== $name: $2 ($commit)"
    (cd "$dir" && swift build -c release --scratch-path ".build-$name" 2>&1 | tail -1)
    bin=$(cd "$dir" && swift build -c release --scratch-path ".build-$name" --show-bin-path)
    cache=""
    [ "${NO_CACHE:-0}" = 1 ] && cache="--no-cache"
    # A chapter that fails still gets its page (with the error in place): compare those too.
    (cd "$dir" && "$bin/book" build --library-dir "$bin" $cache) || echo "   ($name: the build reported errors)"
}

[ "${SKIP_OLD:-0}" = 1 ] || side old "$old"   # SKIP_OLD=1: the old site is already built
side new "$new"

# Every file of either site, compared byte for byte.
count=0
differ=0
list="$work/files.txt"
(cd "$work/old/Site" && find . -type f; cd "$work/new/Site" && find . -type f) | sort -u >"$list"
while IFS= read -r f; do
    count=$((count + 1))
    if ! cmp -s "$work/old/Site/$f" "$work/new/Site/$f"; then
        differ=$((differ + 1))
        echo "differs: Site/${f#./}"
    fi
done <"$list"
echo "files compared: $count, differences: $differ"
[ "$differ" -eq 0 ]
