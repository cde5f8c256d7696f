#!/usr/bin/env bash
# The main job (DESIGN §7): installs what is missing, starts Azurite and maildev on loopback, the function app (local
# mode) and a GPU worker, submits a sample brief as a CMS upload, shows progress, and ends by printing the published
# MP4, its manifest and the verification result.
#
#   ./run.sh                       the 15 s 16:9 launch brief; its low-risk template auto-approves
#   ./run.sh --brief samples/briefs/social-9x16
#   ./run.sh --review              stops at the approval step and prints the review link (and the maildev inbox);
#                                  the services keep running until the run ends or you press Ctrl+C
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
source scripts/bootstrap.sh

brief=samples/briefs/launch-16x9
review=0
while [ $# -gt 0 ]; do
  case "$1" in
    --review) review=1 ;;
    --brief) brief="$2"; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (use --review, --brief DIR)" >&2; exit 2 ;;
  esac
  shift
done
[ -f "$brief/brief.json" ] || { echo "run.sh: $brief/brief.json does not exist" >&2; exit 2; }

bootstrap
command -v curl >/dev/null 2>&1 || bootstrap_apt_install curl

work="$VIDEOGEN_ROOT/.artifacts/run"
rm -rf "$work"
mkdir -p "$work/keys" "$work/published"
log() { printf 'run.sh: %s\n' "$*"; }

log "building the function app, the GPU worker, the CLI and the model builder (Release)"
for p in src/VideoGen.LocalHost gpu-worker/VideoGen.GpuWorker src/VideoGen.Cli src/VideoGen.Inference.ModelBuilder; do
  dotnet build "$p" -c Release --no-restore --verbosity quiet >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
done
bin() { echo "$VIDEOGEN_ROOT/$1/bin/Release/net10.0/$2"; }

log "writing the reference ONNX models (stand-ins for your exported model)"
dotnet "$(bin src/VideoGen.Inference.ModelBuilder VideoGen.Inference.ModelBuilder.dll)" "$work/models" >"$work/models.log"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
blob=$(free_port); queue=$(free_port); table=$(free_port); smtp=$(free_port); mailweb=$(free_port)
app_port=7071 # the sample briefs' CMS callback points at the local sink on this port

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

log "starting Azurite (blob $blob, queue $queue, table $table) and maildev (smtp $smtp, inbox http://127.0.0.1:$mailweb)"
node_modules/.bin/azurite --inMemoryPersistence --skipApiVersionCheck --loose --silent --disableTelemetry \
  --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" --tableHost 127.0.0.1 --tablePort "$table" \
  >"$work/azurite.log" 2>&1 &
azurite_pid=$!
pids+=("$azurite_pid")
node_modules/.bin/maildev --smtp "$smtp" --ip 127.0.0.1 --web "$mailweb" --web-ip 127.0.0.1 --silent >"$work/maildev.log" 2>&1 &
pids+=($!)

# On a busy machine Azurite can take several seconds to listen: the app and the worker wait for storage themselves,
# but starting them only once all three services accept connections keeps their logs free of start-up retries.
for service in "blob $blob" "queue $queue" "table $table"; do
  wait_for_port 127.0.0.1 "${service#* }" "Azurite's ${service%% *} service" "$work/azurite.log" "$azurite_pid" ||
    { echo "run.sh: Azurite did not start (log: $work/azurite.log)" >&2; exit 1; }
done
log "Azurite is listening"

account_key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
export AzureWebJobsStorage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$account_key;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;"

log "making development keys (approval HMAC, provenance ECDSA P-256) under $work/keys"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/keys/provenance.pem" 2>/dev/null
openssl pkey -in "$work/keys/provenance.pem" -pubout -out "$work/keys/provenance.pub.pem" 2>/dev/null
api_key="run-$(openssl rand -hex 16)"

app_env=(
  "VideoGen__TenantKeys__contoso=$api_key"
  "VideoGen__Run__AllowUncheckedAutoApprove=true"
  "VideoGen__Run__AlwaysReview=$([ "$review" = 1 ] && echo true || echo false)"
  "VideoGen__Run__PublicBaseUrl=http://127.0.0.1:$app_port"
  "VideoGen__Run__ApprovalTimeout=01:00:00"
  "VideoGen__ApprovalTokens__CurrentKeyId=dev1"
  "VideoGen__ApprovalTokens__Keys__0__Id=dev1"
  "VideoGen__ApprovalTokens__Keys__0__Secret=$(openssl rand -base64 32)"
  "VideoGen__Provenance__KeyId=dev-provenance"
  "VideoGen__Provenance__PrivateKeyPem=$(cat "$work/keys/provenance.pem")"
  "VideoGen__Publish__ModelManifestPath=$work/models/models.json"
  "Integrations__OutboundAllowList__AllowLoopbackHttp=true"
  "Integrations__CmsCallback__SigningSecret=$(openssl rand -hex 32)"
  "Integrations__LifecycleEvents__Endpoint=http://127.0.0.1:$app_port/api/local/events"
  "Integrations__LifecycleEvents__AccessKey=$(openssl rand -hex 16)"
  "Integrations__Email__Host=127.0.0.1"
  "Integrations__Email__Port=$smtp"
  "Integrations__Email__Security=None"
  "Integrations__Email__FromAddress=videogen@localhost"
  "ASPNETCORE_URLS=http://127.0.0.1:$app_port"
  "Logging__Console__FormatterName=simple"
  "Logging__Console__FormatterOptions__SingleLine=true"
)
log "starting the local host (the function app's handlers, workflows on DTFx) on http://127.0.0.1:$app_port — log: $work/functions.log"
env "${app_env[@]}" dotnet "$(bin src/VideoGen.LocalHost VideoGen.LocalHost.dll)" >"$work/functions.log" 2>&1 &
pids+=($!)
log "starting a GPU worker (ONNX Runtime, CPU execution provider here) — log: $work/worker.log"
env "GpuWorker__StorageConnectionString=$AzureWebJobsStorage" "Inference__ManifestPath=$work/models/models.json" \
  "Logging__Console__FormatterName=simple" "Logging__Console__FormatterOptions__SingleLine=true" \
  dotnet "$(bin gpu-worker/VideoGen.GpuWorker VideoGen.GpuWorker.dll)" >"$work/worker.log" 2>&1 &
pids+=($!)

# /api/health answers 503 until the durable host has reached storage and started (it waits for it with backoff).
for _ in $(seq 1 240); do
  curl -fs "http://127.0.0.1:$app_port/api/health" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:$app_port/api/health" >/dev/null || { tail -n 30 "$work/functions.log"; echo "run.sh: the function app did not start" >&2; exit 1; }

export VIDEOGEN_ENDPOINT="http://127.0.0.1:$app_port" VIDEOGEN_KEY="$api_key"
videogen() { dotnet "$(bin src/VideoGen.Cli videogen.dll)" "$@"; }

log "submitting $brief as a CMS upload (POST /api/briefs → cms-uploads → OnBriefUploaded)"
id="$(videogen --json submit "$brief" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
log "run $id"

if [ "$review" = 1 ]; then
  for _ in $(seq 1 600); do
    status="$(videogen --json status "$id")"
    stage="$(python3 -c 'import json,sys; s=json.load(sys.stdin); print((s.get("customStatus") or {}).get("stage",""))' <<<"$status")"
    [ "$stage" = approve ] && break
    case "$(python3 -c 'import json,sys; print(json.load(sys.stdin)["runtimeStatus"])' <<<"$status")" in Completed|Failed|Terminated) break ;; esac
    sleep 1
  done
  [ "$stage" = approve ] || { videogen status "$id"; echo "run.sh: the run did not reach the approval step" >&2; exit 1; }
  echo
  echo "The preview is waiting for review. Open a link (GET shows the preview; only the page's buttons decide):"
  python3 -c 'import json,sys; [print(f"  {a}: {u}") for a,u in (json.load(sys.stdin)["customStatus"].get("approvalLinks") or {}).items()]' <<<"$status"
  echo "The same links were emailed: inbox at http://127.0.0.1:$mailweb"
  echo "Waiting for the decision (Ctrl+C to stop everything)..."
fi

videogen watch "$id" --interval 1s --timeout 60m || { videogen status "$id"; tail -n 20 "$work/functions.log"; exit 1; }
if ! videogen --json status "$id" | python3 -c 'import json,sys; o=json.load(sys.stdin)["output"]; sys.exit(0 if o.get("outcome")=="published" else 1)'; then
  echo "run.sh: the run ended without publishing:"; videogen status "$id"; exit 1
fi

videogen download "$id" --out "$work/published"
echo
echo "== published MP4 =="
ffprobe -v error -show_entries format=duration,size:stream=codec_name,width,height,r_frame_rate -of default=noprint_wrappers=1 "$work/published/video.mp4"
echo "file: $work/published/video.mp4"
echo
echo "== provenance manifest ($work/published/manifest.json) =="
python3 -m json.tool "$work/published/manifest.json" >"$work/manifest.pretty.json"
head -n 60 "$work/manifest.pretty.json"
echo "   ..."
echo
echo "== CMS notification and lifecycle events received by the local sinks =="
grep -E "Local (CMS|Event Grid) sink" "$work/functions.log" | sed 's/^.*: //' || true
echo
echo "== verification =="
videogen verify "$work/published/video.mp4" "$work/published/manifest.json" --key "$work/keys/provenance.pub.pem"
