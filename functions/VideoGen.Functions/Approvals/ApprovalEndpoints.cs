using Azure;
using Azure.Storage.Blobs;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using VideoGen.Functions.Api;
using VideoGen.Pipeline.Approvals;
using VideoGen.Pipeline.Provenance;
using Microsoft.Extensions.Options;
using VideoGen.Pipeline.Workflow;
using VideoGen.Pipeline.Workflow.Activities;

namespace VideoGen.Functions.Approvals;

/// <summary>
/// The reviewer's side: <c>GET /api/approvals?token=</c> shows a confirmation page with the preview (never decides,
/// so mail scanners that follow links change nothing); <c>POST /api/approvals/decide</c> (form: token, decision,
/// feedback, chunks) validates the signed token, redeems it once, and raises <c>ApprovalDecision</c> on the run.
/// <c>/api/approvals/preview</c> and <c>/thumbnail</c> stream the clip under review for a valid token.
/// </summary>
public static class ApprovalEndpoints
{
    /// <summary>The review page.</summary>
    public const string PagePath = "/api/approvals";

    /// <summary>Where the page's form posts.</summary>
    public const string DecidePath = "/api/approvals/decide";

    /// <summary>Previews up to this size are served from memory with HTTP range support; larger ones are streamed.</summary>
    private const long MaxBufferedPreviewBytes = 32L * 1024 * 1024;

    /// <summary>The preview video for a token.</summary>
    public const string PreviewPath = "/api/approvals/preview";

    /// <summary>The preview thumbnail for a token.</summary>
    public const string ThumbnailPath = "/api/approvals/thumbnail";

    /// <summary>Largest form accepted (token, decision, feedback, chunk list).</summary>
    public const int MaxFormBytes = 64 * 1024;

    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/provenance/keys", (ManifestSigner signer) => ProvenanceKeys(signer));
        foreach ((string method, string path, string? action) in (ReadOnlySpan<(string, string, string?)>)
                 [("GET", PagePath, null), ("POST", DecidePath, "decide"), ("GET", PreviewPath, "preview"), ("GET", ThumbnailPath, "thumbnail")])
        {
            app.MapMethods(path, [method], (HttpContext c, DurableTaskClient client, ApprovalTokenService tokens, ApprovalRedemptions redemptions, BlobServiceClient blobs,
                    TimeProvider time, IOptions<GenerationOptions> generation, ILoggerFactory logs) =>
                HandleAsync(c, action, client, tokens, redemptions, blobs, time, generation.Value, logs));
        }
    }

    /// <summary>The <c>ProvenanceKeys</c> function: the manifest signing public key.</summary>
    public static IResult ProvenanceKeys(ManifestSigner signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        return Results.Json(new { keyId = signer.KeyId, alg = ManifestSigner.Algorithm, publicKeyPem = signer.PublicKeyPem });
    }

    /// <summary>
    /// The <c>Approvals</c> function, <c>/api/approvals/{action?}</c>: <c>GET</c> without an action shows the review
    /// page, <c>POST decide</c> decides, <c>GET preview</c> and <c>GET thumbnail</c> stream the clip under review.
    /// Another action is 404, another method 405.
    /// </summary>
    public static Task<IResult> HandleAsync(HttpContext c, string? action, DurableTaskClient client, ApprovalTokenService tokens, ApprovalRedemptions redemptions,
        BlobServiceClient blobs, TimeProvider time, GenerationOptions generation, ILoggerFactory logs)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(generation);
        string method = c.Request.Method;
        return (action?.ToLowerInvariant() ?? "") switch
        {
            "" when HttpMethods.IsGet(method) => PageAsync(c, client, tokens, redemptions, time, logs),
            "decide" when HttpMethods.IsPost(method) => DecideAsync(c, client, tokens, redemptions, time, logs),
            "preview" when HttpMethods.IsGet(method) =>
                StreamAsync(c, client, tokens, blobs.GetBlobContainerClient(generation.WorkContainer), time, "video.mp4", "video/mp4"),
            "thumbnail" when HttpMethods.IsGet(method) =>
                StreamAsync(c, client, tokens, blobs.GetBlobContainerClient(generation.WorkContainer), time, "thumbnail.jpg", "image/jpeg"),
            "" or "decide" or "preview" or "thumbnail" => Task.FromResult(Results.StatusCode(StatusCodes.Status405MethodNotAllowed)),
            _ => Task.FromResult(Results.NotFound()),
        };
    }

    private static async Task<IResult> PageAsync(HttpContext c, DurableTaskClient client, ApprovalTokenService tokens, ApprovalRedemptions redemptions, TimeProvider time, ILoggerFactory logs)
    {
        string token = c.Request.Query["token"].FirstOrDefault() ?? "";
        ApprovalFlow flow = Flow(c, client, tokens, redemptions, time, logs, token);
        ApprovalPageResult page = await flow.ShowAsync(token, c.RequestAborted).ConfigureAwait(false);
        return Html(c, page.StatusCode, page.Html, page.ContentSecurityPolicy);
    }

    private static async Task<IResult> DecideAsync(HttpContext c, DurableTaskClient client, ApprovalTokenService tokens, ApprovalRedemptions redemptions, TimeProvider time, ILoggerFactory logs)
    {
        if (!c.Request.HasFormContentType || c.Request.ContentLength > MaxFormBytes)
        {
            return ApiErrors.ToResult(new ApiException(StatusCodes.Status400BadRequest, "approval.form-invalid", $"Post the review form (application/x-www-form-urlencoded, at most {MaxFormBytes} bytes)."));
        }

        IFormCollection form = await c.Request.ReadFormAsync(c.RequestAborted).ConfigureAwait(false);
        string token = form["token"].FirstOrDefault() ?? "";
        ApprovalFlow flow = Flow(c, client, tokens, redemptions, time, logs, token);
        try
        {
            // Redeeming and raising run to the end even if the browser goes away: a redeemed token whose decision
            // never reached the run would be spent (a retry gets 409) while the run waits for its timeout.
            (ApprovalGrant grant, ApprovalDecision decision, string html) = await flow.DecideAsync(
                token, form["decision"].FirstOrDefault() ?? "", form["feedback"].FirstOrDefault(), form["chunks"].FirstOrDefault(), CancellationToken.None).ConfigureAwait(false);
            await client.RaiseWhileRunningAsync(grant.InstanceId, WorkflowNames.ApprovalDecision, decision, CancellationToken.None).ConfigureAwait(false);
            Pipeline.Telemetry.PipelineMetrics.ReviewsDecided.Add(1, new KeyValuePair<string, object?>("decision", decision.Decision.ToString().ToLowerInvariant()));
            return Html(c, StatusCodes.Status200OK, html, ApprovalPage.ContentSecurityPolicy(null));
        }
        catch (ApprovalTokenException ex)
        {
            // A used token whose decision never reached the run (the raise below failed last time): raise it
            // again; the reviewer still sees "already used", and the run gets the decision it was given.
            if (await flow.UndeliveredAsync(token, ex, CancellationToken.None).ConfigureAwait(false) is { } undelivered)
            {
                await client.RaiseWhileRunningAsync(undelivered.InstanceId, WorkflowNames.ApprovalDecision, undelivered.Decision, CancellationToken.None).ConfigureAwait(false);
            }

            ApprovalPageResult page = flow.ErrorPage(ex);
            return Html(c, page.StatusCode, page.Html, page.ContentSecurityPolicy);
        }
        catch (InstanceNotRunningException)
        {
            // The run ended between the check and the raise (e.g. its approval timed out just now).
            ApprovalPageResult page = flow.ErrorPage(new ApprovalTokenException(ApprovalTokenFailure.WrongInstance, "The run is no longer waiting for this approval."));
            return Html(c, page.StatusCode, page.Html, page.ContentSecurityPolicy);
        }
        catch (ApprovalFormException ex)
        {
            return ApiErrors.ToResult(new ApiException(StatusCodes.Status400BadRequest, "approval.form-invalid", ex.Message, ex.Field));
        }
    }

    private static ApprovalFlow Flow(HttpContext c, DurableTaskClient client, ApprovalTokenService tokens, ApprovalRedemptions redemptions, TimeProvider time, ILoggerFactory logs, string token) =>
        new(tokens, redemptions, new InstanceApprovalState(client, token, BaseUri(c)), new ApprovalPage(DecidePath), time, logs.CreateLogger<ApprovalFlow>());

    private static Uri BaseUri(HttpContext c) => new($"{c.Request.Scheme}://{c.Request.Host}");

    private static IResult Html(HttpContext c, int status, string html, string csp)
    {
        c.Response.Headers.ContentSecurityPolicy = csp;
        c.Response.Headers["X-Content-Type-Options"] = "nosniff";
        c.Response.Headers["Referrer-Policy"] = "no-referrer";
        c.Response.Headers.CacheControl = "no-store";
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    /// <summary>The clip under review, for a token that is valid now (signature, expiry), still in the open round.</summary>
    private static async Task<IResult> StreamAsync(HttpContext c, DurableTaskClient client, ApprovalTokenService tokens, BlobContainerClient work, TimeProvider time, string file, string contentType)
    {
        ApprovalGrant grant;
        try
        {
            grant = tokens.Validate(c.Request.Query["token"].FirstOrDefault() ?? "", time.GetUtcNow());
        }
        catch (ApprovalTokenException ex)
        {
            return Results.Text(ApprovalPage.Explain(ex.Reason), statusCode: StatusCodes.Status403Forbidden);
        }

        RunStatus? status = await InstanceApprovalState.ReadAsync(client, grant.InstanceId, c.RequestAborted).ConfigureAwait(false);
        if (status?.PreviewBlob is not { } preview || status.ApprovalRound != grant.Round)
        {
            return Results.Text("This review is closed.", statusCode: StatusCodes.Status410Gone);
        }

        string blob = preview[..(preview.LastIndexOf('/') + 1)] + file;
        try
        {
            var download = (await work.GetBlobClient(blob).DownloadStreamingAsync(cancellationToken: c.RequestAborted).ConfigureAwait(false)).Value;
            if (download.Details.ContentLength <= MaxBufferedPreviewBytes)
            {
                // Previews are small: serve them whole with range support, so the player can seek and the browser
                // does not keep a half-read response open while the reviewer decides.
                using var buffer = new MemoryStream((int)download.Details.ContentLength);
                await using (download.Content.ConfigureAwait(false))
                {
                    await download.Content.CopyToAsync(buffer, c.RequestAborted).ConfigureAwait(false);
                }

                return Results.File(buffer.ToArray(), contentType, enableRangeProcessing: true);
            }

            return Results.Stream(download.Content, contentType, enableRangeProcessing: false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return Results.Text("The preview is no longer available.", statusCode: StatusCodes.Status404NotFound);
        }
    }
}
