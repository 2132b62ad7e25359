#!/usr/bin/env bash
# Run the whole suite on up to four cores (pytest-xdist; a folder's tests share one worker, see
# tests/conftest.py); pytest's exit code 5 ("no tests collected") is not a failure.
# OFFENSIEF_TEST_WORKERS=0 runs it in one process.
set -uo pipefail
cores=$(nproc 2>/dev/null || echo 2)
workers=${OFFENSIEF_TEST_WORKERS:-$(( cores < 4 ? cores : 4 ))}
if [ "$workers" -gt 1 ]; then
  # a folder per worker at a time (tests/conftest.py), folders in collection order: the longest first
  .venv/bin/python -m pytest -n "$workers" --dist loadscope --no-loadscope-reorder "$@"
else
  .venv/bin/python -m pytest "$@"
fi
rc=$?
if [ "$rc" -eq 5 ]; then
  echo "no tests collected"
  exit 0
fi
exit "$rc"
