#!/usr/bin/env bash
# Coverage-guided fuzzing of one NanoStack target with AFL++ through SharpFuzz.
#
#   tests/NanoStack.Fuzz/fuzz.sh TARGET SECONDS      TARGET: frame x509 tls dhcp dns http
#
# Builds Release, copies the output to bin/fuzz/TARGET, instruments NanoStack.Core, .Tls and
# .Http there with the sharpfuzz tool (SharpFuzz.CommandLine 2.3.0, pinned in the local tool
# manifest dotnet-tools.json next to this script; `dotnet tool restore` installs it), then runs
# afl-fuzz for SECONDS (-V) on corpus/TARGET with findings in findings/TARGET, and prints
# executions, coverage and crashes from afl's fuzzer_stats. Needs afl++ (apt-get install afl++).
# Not part of `dotnet test` or .ci/run.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

target="${1:-}"
seconds="${2:-60}"
case "$target" in
  frame|x509|tls|dhcp|dns|http) ;;
  *) echo "usage: $0 TARGET SECONDS   (TARGET: frame x509 tls dhcp dns http)" >&2; exit 2 ;;
esac
command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: apt-get install afl++" >&2; exit 1; }

out="bin/fuzz/$target"
findings="findings/$target"
dotnet build -c Release -nologo -v q NanoStack.Fuzz.csproj >/dev/null
rm -rf "$out" "$findings"
mkdir -p "$out" findings
cp -r bin/Release/net10.0/. "$out/"

dotnet tool restore >/dev/null
for lib in NanoStack.Core NanoStack.Tls NanoStack.Http; do
  dotnet tool run sharpfuzz "$out/$lib.dll" >/dev/null
done

# A .NET target is not an AFL-compiled binary; no core dumps are needed; two cores are shared.
export AFL_SKIP_BIN_CHECK=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1
export AFL_NO_UI=1 AFL_QUIET=1
afl-fuzz -i "corpus/$target" -o "$findings" -V "$seconds" -t 10000 -m none \
  -- dotnet "$out/NanoStack.Fuzz.dll" "$target" >"$findings.log" 2>&1 || {
  echo "afl-fuzz failed; its log: $findings.log" >&2; tail -20 "$findings.log" >&2; exit 1; }

stats="$findings/default/fuzzer_stats"
get() { sed -n "s/^$1 *: *//p" "$stats"; }
echo "target:        $target ($seconds s)"
echo "execs_done:    $(get execs_done) ($(get execs_per_sec) per second)"
echo "corpus_count:  $(get corpus_count) (seeds $(ls "corpus/$target" | wc -l))"
echo "edges_found:   $(get edges_found) of $(get total_edges)"
echo "bitmap_cvg:    $(get bitmap_cvg)"
echo "saved_crashes: $(get saved_crashes)"
echo "saved_hangs:   $(get saved_hangs)"
if [ "$(get saved_crashes)" != "0" ]; then
  echo "crashes in $findings/default/crashes (replay: dotnet bin/Release/net10.0/NanoStack.Fuzz.dll run $target FILE)"
fi
