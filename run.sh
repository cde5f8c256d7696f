#!/usr/bin/env bash
# Installs what is missing, then builds and runs the Hello sample, which starts its own Azurite
# (VideoGen.Testing.AzuriteProcess). Extra arguments are passed to the sample.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
source scripts/bootstrap.sh

sample=samples/VideoGen.Samples.Hello
if [ ! -d "$sample" ]; then
  echo "run.sh: $sample does not exist yet; nothing to run." >&2
  exit 1
fi

bootstrap
echo "run.sh: dotnet build $sample -c Release"
dotnet build "$sample" -c Release --verbosity quiet
echo "run.sh: dotnet run --project $sample -c Release"
exec dotnet run --project "$sample" -c Release --no-build -- "$@"
