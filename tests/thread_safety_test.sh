#!/usr/bin/env bash
# Clang's thread-safety analysis over every file that uses core/mutex.h's annotations
# (GUARDED_BY, REQUIRES, ...): the dev build uses g++, which ignores them.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
files=$(grep -rl --include='*.cpp' -e 'core/mutex.h' src || true)
[ -n "$files" ] || { echo "no annotated files"; exit 1; }
for f in $files; do
  clang++ -std=c++20 -fsyntax-only -Wthread-safety -Werror=thread-safety -Isrc \
    -I/usr/include/postgresql \
    -DBOOST_ASIO_NO_DEPRECATED "$f"
  echo "thread-safety analysis clean: $f"
done
