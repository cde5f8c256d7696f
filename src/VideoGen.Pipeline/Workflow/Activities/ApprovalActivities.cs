using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoGen.Contracts;
using Microsoft.DurableTask;
using VideoGen.Pipeline.Approvals;
using VideoGen.Pipeline.Notifications;

namespace VideoGen.Pipeline.Workflow.Activities;

/// <summary>Where review requests go besides email (section <c>VideoGen:Approvals</c>).</summary>
public sealed class ApprovalChannelsOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "VideoGen:Approvals";

    /// <summary>A Teams workflow webhook URL that receives a review card (allow-listed host), or empty for none.</summary>
    public string TeamsWebhookUrl { get; set; } = "";
}

/// <summary>
/// Issues one signed, single-use, expiring review link per approver (bound to the run, the approver and the approval
/// round), and sends it by email and to Teams when those are configured. Returns approver → link; the run keeps them
/// in its status so an operator (or <c>./run.sh --review</c>) can hand them out. Links open a confirmation page
/// (GET); only a POST from that page decides.
/// </summary>
public sealed partial class RequestApproval(
    ApprovalTokenService tokens, BlobServiceClient blobs, IServiceProvider services, IOptions<VideoGenIntegrationsOptions> integrations,
    IOptions<ApprovalChannelsOptions> channels, ILogger<RequestApproval> logger) : TaskActivity<ApprovalRequestInput, IReadOnlyDictionary<string, string>>
{
    /// <inheritdoc />
    public override Task<IReadOnlyDictionary<string, string>> RunAsync(TaskActivityContext context, ApprovalRequestInput input) =>
        SendAsync(input, reminder: false, CancellationToken.None);

    internal async Task<IReadOnlyDictionary<string, string>> SendAsync(ApprovalRequestInput input, bool reminder, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var tenant = TenantId.Parse(input.Run.Tenant);
        var links = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string approver in input.Approvers.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            links[approver] = Link(input, tenant, approver).AbsoluteUri;
        }

        Telemetry.PipelineMetrics.ReviewsRequested.Add(links.Count, new KeyValuePair<string, object?>("tenant", input.Run.Tenant));
        byte[] thumbnail = (await blobs.GetBlobContainerClient(input.Preview.Container).GetBlobClient(input.Preview.ThumbnailBlob)
            .DownloadContentAsync(ct).ConfigureAwait(false)).Value.Content.ToArray();
        if (integrations.Value.Email is not null)
        {
            var email = (EmailApprovalSender)services.GetService(typeof(EmailApprovalSender))!;
            foreach ((string approver, string link) in links)
            {
                var message = new ApprovalEmail([approver], input.Run.Tenant, input.Run.BriefId, input.Title, new Uri(link), thumbnail, input.ExpiresAt, input.SafetySummary);
                await (reminder ? email.SendReminderAsync(message, 1, ct) : email.SendApprovalRequestAsync(message, ct)).ConfigureAwait(false);
            }
        }
        else
        {
            Log.NoEmail(logger, input.InstanceId);
        }

        if (channels.Value.TeamsWebhookUrl is { Length: > 0 } webhook)
        {
            var teams = (TeamsWorkflowClient)services.GetService(typeof(TeamsWorkflowClient))!;
            Uri review = Link(input, tenant, "teams-channel");
            var thumbUrl = new Uri(review.AbsoluteUri.Replace("/api/approvals?", "/api/approvals/thumbnail?", StringComparison.Ordinal));
            await teams.PostReviewCardAsync(new Uri(webhook), new TeamsReviewCard(input.Run.Tenant, input.Run.BriefId, input.Title, input.Template,
                TimeSpan.FromSeconds(input.Preview.DurationSeconds), input.SafetySummary, thumbUrl, review), ct).ConfigureAwait(false);
            links["teams-channel"] = review.AbsoluteUri;
        }

        return links;
    }

    private Uri Link(ApprovalRequestInput input, TenantId tenant, string approver)
    {
        var grant = new ApprovalGrant(tenant, input.InstanceId, approver, input.Round, input.ExpiresAt, ApprovalTokenService.NewNonce());
        return new Uri($"{input.PublicBaseUrl.TrimEnd('/')}/api/approvals?token={Uri.EscapeDataString(tokens.Issue(grant))}");
    }

    private static partial class Log
    {
        [LoggerMessage(310, LogLevel.Information, "Review links for {InstanceId} issued; no SMTP server is configured (Integrations:Email), so none was emailed")]
        public static partial void NoEmail(ILogger logger, string instanceId);
    }
}

/// <summary>Sends the reminder at half the approval timeout (fresh links; earlier ones stay valid until they expire).</summary>
public sealed class SendApprovalReminder(RequestApproval request) : TaskActivity<ApprovalRequestInput, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, ApprovalRequestInput input)
    {
        await request.SendAsync(input, reminder: true, CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}
