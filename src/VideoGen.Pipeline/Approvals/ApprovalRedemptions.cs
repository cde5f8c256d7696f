using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VideoGen.Contracts;
using VideoGen.Pipeline.Accounting;

namespace VideoGen.Pipeline.Approvals;

/// <summary>
/// Makes approval tokens single-use: one row per redeemed token in the <c>ApprovalRedemptions</c> table
/// (PartitionKey = tenant, RowKey = nonce), written insert-only. The first decision wins; any later or concurrent
/// attempt gets the storage's 409 and is refused as <see cref="ApprovalTokenFailure.AlreadyUsed"/>, leaving the
/// recorded decision untouched. The row keeps who decided, when, what, the feedback and the chunks.
/// </summary>
public sealed partial class ApprovalRedemptions
{
    /// <summary>Default table name.</summary>
    public const string DefaultTableName = "ApprovalRedemptions";

    /// <summary>Longest feedback kept, in characters.</summary>
    public const int MaxFeedbackLength = 4000;

    /// <summary>Most chunk indexes one decision may list.</summary>
    public const int MaxRerenderChunks = 1000;

    private readonly LazyTable _lazy;
    private readonly ILogger _logger;

    /// <summary>Creates the store on <paramref name="tables"/>; the table is created on first use.</summary>
    public ApprovalRedemptions(TableServiceClient tables, string tableName = DefaultTableName, ILogger<ApprovalRedemptions>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _lazy = new LazyTable(tables.GetTableClient(tableName));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Records the decision for <paramref name="grant"/> unless one is recorded already.</summary>
    /// <exception cref="ApprovalTokenException">
    /// <see cref="ApprovalTokenFailure.AlreadyUsed"/> (with <see cref="ApprovalTokenException.ExistingDecision"/>) or
    /// <see cref="ApprovalTokenFailure.Expired"/>.
    /// </exception>
    /// <exception cref="ArgumentException">Feedback too long, or a chunk index negative / too many chunks.</exception>
    /// <exception cref="RequestFailedException">Storage failed for another reason.</exception>
    public async Task<RedeemResult> RedeemAsync(
        ApprovalGrant grant,
        ApprovalDecisionKind decision,
        string? feedback,
        IReadOnlyList<int>? rerenderChunks,
        DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (!Enum.IsDefined(decision))
        {
            throw new ArgumentOutOfRangeException(nameof(decision), decision, "Unknown approval decision.");
        }

        if (now >= grant.ExpiresAt)
        {
            throw new ApprovalTokenException(ApprovalTokenFailure.Expired, $"The approval token expired at {grant.ExpiresAt:u}.");
        }

        feedback = string.IsNullOrWhiteSpace(feedback) ? null : feedback.Trim();
        if (feedback?.Length > MaxFeedbackLength)
        {
            throw new ArgumentException($"Feedback has {feedback.Length} characters; at most {MaxFeedbackLength} are kept.", nameof(feedback));
        }

        IReadOnlyList<int>? chunks = NormalizeChunks(rerenderChunks);
        var recorded = new ApprovalDecision(grant.Approver, decision, feedback, chunks, now, grant.Round);
        var entity = new TableEntity(grant.Tenant.Value, grant.Nonce)
        {
            ["InstanceId"] = grant.InstanceId,
            ["Approver"] = grant.Approver,
            ["Round"] = grant.Round,
            ["Decision"] = decision.ToString(),
            ["Feedback"] = feedback,
            ["RerenderChunks"] = chunks is null ? null : string.Join(',', chunks.Select(c => c.ToString(CultureInfo.InvariantCulture))),
            ["DecidedAt"] = now.ToUniversalTime(),
        };

        await _lazy.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _lazy.Client.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            ApprovalDecision? existing = await GetAsync(grant.Tenant, grant.Nonce, cancellationToken).ConfigureAwait(false);
            Log.AlreadyUsed(_logger, grant.Tenant.Value, grant.InstanceId, grant.Round);
            throw new ApprovalTokenException(
                ApprovalTokenFailure.AlreadyUsed,
                existing is null
                    ? "This approval token was already used."
                    : $"This approval token was already used: {existing.Approver} chose {existing.Decision} at {existing.DecidedAt:u}.",
                existing,
                e);
        }

        Log.Redeemed(_logger, grant.Tenant.Value, grant.InstanceId, grant.Round, decision);
        return new RedeemResult(grant, recorded);
    }

    /// <summary>The decision recorded for a token, or null when the token has not been redeemed.</summary>
    public async Task<ApprovalDecision?> GetAsync(TenantId tenant, string nonce, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(nonce);
        await _lazy.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        NullableResponse<TableEntity> row = await _lazy.Client.GetEntityIfExistsAsync<TableEntity>(tenant.Value, nonce, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        if (!row.HasValue || row.Value is null)
        {
            return null;
        }

        TableEntity e = row.Value;
        string? chunks = e.GetString("RerenderChunks");
        return new ApprovalDecision(
            e.GetString("Approver") ?? "",
            Enum.Parse<ApprovalDecisionKind>(e.GetString("Decision") ?? "", ignoreCase: false),
            e.GetString("Feedback"),
            string.IsNullOrEmpty(chunks) ? null : chunks.Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray(),
            e.GetDateTimeOffset("DecidedAt") ?? DateTimeOffset.MinValue,
            e.GetString("Round") ?? "");
    }

    private static int[]? NormalizeChunks(IReadOnlyList<int>? chunks)
    {
        if (chunks is null || chunks.Count == 0)
        {
            return null;
        }

        if (chunks.Count > MaxRerenderChunks)
        {
            throw new ArgumentException($"{chunks.Count} chunks listed; at most {MaxRerenderChunks} are allowed.", nameof(chunks));
        }

        int negative = chunks.FirstOrDefault(c => c < 0, 0);
        return negative < 0
            ? throw new ArgumentException($"Chunk index {negative} is negative.", nameof(chunks))
            : chunks.Distinct().Order().ToArray();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Approval recorded for tenant {Tenant}, instance {InstanceId}, round {Round}: {Decision}")]
        public static partial void Redeemed(ILogger logger, string tenant, string instanceId, string round, ApprovalDecisionKind decision);

        [LoggerMessage(2, LogLevel.Warning, "Approval token reused for tenant {Tenant}, instance {InstanceId}, round {Round}; the recorded decision stands")]
        public static partial void AlreadyUsed(ILogger logger, string tenant, string instanceId, string round);
    }
}
