#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# CLI golden cases.  Each folder under tests/cli/ is one case:
#
#   cmd       shell commands, run with sh in a fresh scratch folder that
#             holds a copy of the case's other files; `netno` on PATH is
#             the binary under test.  $SRCDIR is the source tree and
#             $TESTDATA its tests/data folder; $BUILD the build folder
#             relative to $SRCDIR (build/test-server is the test server).
#   stdout    expected standard output (compared exactly, when present)
#   stderr    expected standard error (compared exactly, when present)
#   status    expected exit status of cmd (default 0)
#   requires  optional: commands that must exist (or "root"), else the
#             case is skipped
#
# A cmd that exits with status 77 could not set up what it needs (a mount
# refused in a container, say): the case is skipped, unless its status
# file expects 77.
#
# Adding a case is adding a folder.  Usage: run.sh [NAME-SUBSTRING]
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
bin=${NETNO_BIN:-$top/build/netno}
filter=${1:-}
[ -x "$bin" ] || { echo "cli: no binary at $bin" >&2; echo "cli: 0 passed, 1 failed"; exit 1; }

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir "$scratch/bin"
cat > "$scratch/bin/netno" <<WRAP
#!/bin/sh
exec ${NETNO_WRAP:-} "$bin" "\$@"
WRAP
chmod +x "$scratch/bin/netno"

passed=0 failed=0 skipped=0
for dir in "$here"/*/; do
  name=$(basename "$dir")
  [ -f "$dir/cmd" ] || continue
  case "$name" in *"$filter"*) ;; *) continue ;; esac
  if [ -f "$dir/requires" ]; then
    missing=""
    for tool in $(cat "$dir/requires"); do
      if [ "$tool" = root ]; then
        [ "$(id -u)" = 0 ] || missing="$missing root"
      else
        command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
      fi
    done
    if [ -n "$missing" ]; then
      echo "skip $name (needs$missing)"
      skipped=$((skipped + 1))
      continue
    fi
  fi
  work="$scratch/$name"
  mkdir "$work"
  for f in "$dir"* "$dir".[!.]*; do
    [ -e "$f" ] || continue
    case $(basename "$f") in cmd|stdout|stderr|status|requires) continue ;; esac
    cp -R "$f" "$work/"
  done
  want_status=0
  [ -f "$dir/status" ] && want_status=$(cat "$dir/status")
  (
    cd "$work" &&
    env -u NETNO_DB PATH="$scratch/bin:$PATH" SRCDIR="$top" BUILD="${BUILD:-build}" \
        TESTDATA="$top/tests/data" LC_ALL=C.UTF-8 \
        sh "$dir/cmd" > "$scratch/$name.out" 2> "$scratch/$name.err"
  )
  got_status=$?
  if [ "$got_status" = 77 ] && [ "$want_status" != 77 ]; then
    echo "skip $name (its setup is not possible here)"
    skipped=$((skipped + 1))
    continue
  fi
  ok=1
  if [ "$got_status" != "$want_status" ]; then
    echo "FAIL $name: exit status $got_status, want $want_status"
    ok=0
  fi
  for stream in stdout stderr; do
    [ -f "$dir/$stream" ] || continue
    ext=out; [ $stream = stderr ] && ext=err
    if ! diff -u "$dir/$stream" "$scratch/$name.$ext" > "$scratch/$name.diff"; then
      echo "FAIL $name: $stream differs"
      sed 's/^/    /' "$scratch/$name.diff" | head -40
      ok=0
    fi
  done
  if [ $ok = 1 ]; then
    passed=$((passed + 1))
  else
    if [ ! -f "$dir/stderr" ] && [ -s "$scratch/$name.err" ]; then
      echo "    stderr:"; sed 's/^/    /' "$scratch/$name.err" | head -20
    fi
    failed=$((failed + 1))
  fi
done
[ $skipped -gt 0 ] && echo "cli: $skipped skipped"
echo "cli: $passed passed, $failed failed"
[ $failed -eq 0 ]
