#!/usr/bin/env bash
# Installs what is missing, builds VideoGen.sln, runs every tests/**/*.Tests.csproj and ends with the line
#   tests: N passed, N failed
# computed from the TRX files. Exits non-zero if anything failed or no test ran.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
source scripts/bootstrap.sh
bootstrap

results=.artifacts/test-results
rm -rf "$results"
mkdir -p "$results"

echo "test.sh: dotnet build VideoGen.sln -c Release"
if ! dotnet build VideoGen.sln -c Release --no-restore --verbosity quiet; then
  echo "test.sh: build failed"
  echo "tests: 0 passed, 1 failed"
  exit 1
fi

mapfile -t projects < <(find tests -name '*.Tests.csproj' -type f | sort)
in_solution="$(dotnet sln VideoGen.sln list)"

# One line per project for the summary: name<TAB>trx path<TAB>dotnet test exit code<TAB>note
runs="$results/runs.tsv"
: >"$runs"
for project in "${projects[@]}"; do
  name="$(basename "$project" .csproj)"
  if ! grep -qxF "$project" <<<"$in_solution"; then
    printf '%s\t%s\t%s\t%s\n' "$name" "-" 1 "not in VideoGen.sln (dotnet sln VideoGen.sln add $project)" >>"$runs"
    continue
  fi
  echo "test.sh: dotnet test $project"
  rc=0
  dotnet test "$project" --no-build -c Release --verbosity quiet \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    --results-directory "$results" \
    --blame-hang-timeout 10m --blame-hang-dump-type mini || rc=$?
  printf '%s\t%s\t%s\t%s\n' "$name" "$results/$name.trx" "$rc" "" >>"$runs"
done

# Both summarizers print one line per project, then "<passed> <failed>" as their last line.
# Failed = Counters failed + error + timeout + aborted; a project with no readable TRX, or whose run did not
# complete (dotnet test exit code non-zero or outcome not Completed) with no failure recorded, counts 1 failed.
summarize_python() {
  python3 - "$runs" <<'PY'
import sys, xml.etree.ElementTree as ET

def local(tag):
    return tag.rsplit("}", 1)[-1]

passed = failed = 0
for line in open(sys.argv[1], encoding="utf-8"):
    name, trx, rc, note = line.rstrip("\n").split("\t")
    if note:
        print(f"test.sh: {name} {note}; counted as 1 failed")
        failed += 1
        continue
    try:
        root = ET.parse(trx).getroot()
        summary = next(e for e in root if local(e.tag) == "ResultSummary")
        counters = next(e for e in summary if local(e.tag) == "Counters")
    except (OSError, ET.ParseError, StopIteration) as e:
        print(f"test.sh: {name} produced no readable TRX ({e}), dotnet test exit {rc}; counted as 1 failed")
        failed += 1
        continue
    count = lambda key: int(counters.get(key, "0"))
    p = count("passed")
    f = count("failed") + count("error") + count("timeout") + count("aborted")
    outcome = summary.get("outcome", "")
    if f == 0 and (rc != "0" or outcome not in ("Completed", "Passed", "Warning")):
        print(f"test.sh: {name} run outcome {outcome or '?'}, dotnet test exit {rc}, no failed test recorded; counted as 1 failed")
        f = 1
    print(f"test.sh: {name} - passed {p}, failed {f}")
    passed += p
    failed += f
print(f"{passed} {failed}")
PY
}

trx_counter() { # trx_counter '<Counters ...' NAME -> the attribute's value, or 0
  local value
  value="$(sed -n "s/.* $2=\"\([0-9][0-9]*\)\".*/\1/p" <<<"$1" | head -n1)"
  echo "${value:-0}"
}

summarize_shell() {
  local passed=0 failed=0 name trx rc note counters p f
  while IFS=$'\t' read -r name trx rc note; do
    if [ -n "$note" ]; then
      echo "test.sh: $name $note; counted as 1 failed"
      failed=$((failed + 1))
      continue
    fi
    counters="$(grep -o '<Counters [^>]*' "$trx" 2>/dev/null | head -n1 || true)"
    if [ -z "$counters" ]; then
      echo "test.sh: $name produced no readable TRX, dotnet test exit $rc; counted as 1 failed"
      failed=$((failed + 1))
      continue
    fi
    p="$(trx_counter "$counters" passed)"
    f=$(( $(trx_counter "$counters" failed) + $(trx_counter "$counters" error) \
        + $(trx_counter "$counters" timeout) + $(trx_counter "$counters" aborted) ))
    if [ "$f" -eq 0 ] && [ "$rc" != 0 ]; then
      echo "test.sh: $name dotnet test exit $rc, no failed test recorded; counted as 1 failed"
      f=1
    fi
    echo "test.sh: $name - passed $p, failed $f"
    passed=$((passed + p))
    failed=$((failed + f))
  done <"$runs"
  echo "$passed $failed"
}

if [ ${#projects[@]} -eq 0 ]; then
  echo "test.sh: no tests/**/*.Tests.csproj found"
fi
if command -v python3 >/dev/null 2>&1; then
  summary="$(summarize_python)"
else
  summary="$(summarize_shell)"
fi
sed '$d' <<<"$summary"
read -r passed failed <<<"$(tail -n1 <<<"$summary")"

if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
  echo "test.sh: no test ran"
  failed=1
fi
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
