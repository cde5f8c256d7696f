using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VideoGen.Contracts;

namespace VideoGen.Pipeline.Accounting;

/// <summary>
/// The append-only audit trail in the <c>AuditTrail</c> table. See Accounting/README.md for the layout: per run a
/// partition <c>{tenant}|{instanceId}</c> holding a step-key row and the record row (one insert-only transaction),
/// and per tenant a partition <c>{tenant}</c> holding an index copy for time-range queries.
/// </summary>
public sealed partial class AuditTrail
{
    /// <summary>Default table name.</summary>
    public const string DefaultTableName = "AuditTrail";

    /// <summary>Largest details, as UTF-8 JSON.</summary>
    public const int MaxDetailsBytes = 32 * 1024;

    /// <summary>Most details entries.</summary>
    public const int MaxDetailsCount = 64;

    /// <summary>Most records one tenant query returns.</summary>
    public const int MaxQueryResults = 1000;

    private const string RecordPrefix = "r|";
    private const string StepKeyPrefix = "k|";
    private readonly LazyTable _lazy;
    private readonly ILogger _logger;

    /// <summary>Creates the trail on <paramref name="tables"/>; the table is created on first use.</summary>
    public AuditTrail(TableServiceClient tables, string tableName = DefaultTableName, ILogger<AuditTrail>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _lazy = new LazyTable(tables.GetTableClient(tableName));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Appends <paramref name="record"/> once: appending the same step and attempt again (an at-least-once retry) is a
    /// no-op when the content matches.
    /// </summary>
    /// <exception cref="ArgumentException">An id, step or actor is empty, too long or has forbidden characters.</exception>
    /// <exception cref="AuditRecordTooLargeException">The details are too many or too large.</exception>
    /// <exception cref="AuditConflictException">The step and attempt are already recorded with different content.</exception>
    /// <exception cref="RequestFailedException">Storage failed.</exception>
    public async Task AppendAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        string details = Validate(record);
        string partition = RunPartition(record.Tenant, record.InstanceId);
        string stepKey = StepKey(record.Step, record.Attempt);
        string rowKey = RecordPrefix + Ticks(record.At) + "|" + stepKey;
        TableEntity row = ToEntity(record, partition, rowKey, details);
        var marker = new TableEntity(partition, StepKeyPrefix + stepKey) { ["RecordRowKey"] = rowKey };

        await _lazy.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _lazy.Client.SubmitTransactionAsync(
                [new TableTransactionAction(TableTransactionActionType.Add, marker), new TableTransactionAction(TableTransactionActionType.Add, row)],
                cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            row = await ExistingAsync(record, partition, stepKey, details, e, cancellationToken).ConfigureAwait(false);
            Log.AlreadyRecorded(_logger, record.Tenant.Value, record.InstanceId, record.Step, record.Attempt);
        }

        // The tenant index copy: idempotent, and repaired by a retry if a crash came between the two writes.
        AuditRecord stored = FromEntity(row);
        var index = ToEntity(stored, record.Tenant.Value, Ticks(stored.At) + "|" + record.InstanceId + "|" + stepKey, row.GetString("Details") ?? details);
        await _lazy.Client.UpsertEntityAsync(index, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every record of one run, in order of <see cref="AuditRecord.At"/>.</summary>
    public async Task<IReadOnlyList<AuditRecord>> ReadRunAsync(TenantId tenant, string instanceId, CancellationToken cancellationToken = default)
    {
        CheckId(instanceId, nameof(instanceId));
        string partition = RunPartition(tenant, instanceId);
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {RecordPrefix} and RowKey lt {"r}"}");
        return await QueryAsync(tenant, filter, int.MaxValue, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The tenant's records with <paramref name="from"/> ≤ At &lt; <paramref name="to"/>, oldest first, at most <paramref name="max"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An empty range, or <paramref name="max"/> outside 1–<see cref="MaxQueryResults"/>.</exception>
    public async Task<IReadOnlyList<AuditRecord>> ReadTenantAsync(
        TenantId tenant, DateTimeOffset from, DateTimeOffset to, int max, CancellationToken cancellationToken = default)
    {
        if (tenant.Value is null)
        {
            throw new ArgumentException("The tenant is not set.", nameof(tenant));
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(from, to);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(max, MaxQueryResults);
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenant.Value} and RowKey ge {Ticks(from)} and RowKey lt {Ticks(to)}");
        return await QueryAsync(tenant, filter, max, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<AuditRecord>> QueryAsync(TenantId tenant, string filter, int max, CancellationToken cancellationToken)
    {
        await _lazy.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var records = new List<AuditRecord>();
        await foreach (TableEntity e in _lazy.Client.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            AuditRecord record = FromEntity(e);
            if (record.Tenant != tenant)
            {
                throw new InvalidOperationException($"Audit row {e.PartitionKey}/{e.RowKey} does not belong to tenant {tenant}; the table is corrupt.");
            }

            records.Add(record);
            if (records.Count == max)
            {
                break;
            }
        }

        return records;
    }

    private async Task<TableEntity> ExistingAsync(
        AuditRecord record, string partition, string stepKey, string details, RequestFailedException conflict, CancellationToken cancellationToken)
    {
        TableEntity marker = (await _lazy.Client.GetEntityAsync<TableEntity>(partition, StepKeyPrefix + stepKey, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        TableEntity stored = (await _lazy.Client.GetEntityAsync<TableEntity>(partition, marker.GetString("RecordRowKey"), cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        bool same = stored.GetString("Step") == record.Step && stored.GetString("Actor") == record.Actor
            && stored.GetInt32("Attempt") == record.Attempt && stored.GetString("Details") == details;
        return same
            ? stored
            : throw new AuditConflictException(
                $"Step '{record.Step}' attempt {record.Attempt} of instance {record.InstanceId} is already audited with different content; the trail is append-only.",
                conflict);
    }

    private static string Validate(AuditRecord record)
    {
        if (record.Tenant.Value is null)
        {
            throw new ArgumentException("The audit record has no tenant.", nameof(record));
        }

        CheckId(record.InstanceId, nameof(record.InstanceId));
        CheckText(record.Step, nameof(record.Step));
        CheckText(record.Actor, nameof(record.Actor));
        ArgumentOutOfRangeException.ThrowIfLessThan(record.Attempt, 1, nameof(record.Attempt));
        ArgumentNullException.ThrowIfNull(record.Details, nameof(record.Details));
        if (record.Details.Count > MaxDetailsCount)
        {
            throw new AuditRecordTooLargeException($"Audit step '{record.Step}' has {record.Details.Count} details; at most {MaxDetailsCount} are kept.");
        }

        var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach ((string key, string value) in record.Details)
        {
            CheckText(key, "details key");
            sorted[key] = value ?? throw new ArgumentException($"Audit detail '{key}' is null.", nameof(record));
        }

        byte[] json = JsonSerializer.SerializeToUtf8Bytes(sorted);
        return json.Length <= MaxDetailsBytes
            ? Encoding.UTF8.GetString(json)
            : throw new AuditRecordTooLargeException(
                $"Audit step '{record.Step}' of instance {record.InstanceId} has {json.Length} bytes of details; at most {MaxDetailsBytes} are kept. Store large content in a blob and audit its hash.");
    }

    private static TableEntity ToEntity(AuditRecord record, string partition, string rowKey, string details) => new(partition, rowKey)
    {
        ["Tenant"] = record.Tenant.Value,
        ["InstanceId"] = record.InstanceId,
        ["Step"] = record.Step,
        ["Actor"] = record.Actor,
        ["At"] = record.At.ToUniversalTime(),
        ["Attempt"] = record.Attempt,
        ["Details"] = details,
    };

    private static AuditRecord FromEntity(TableEntity e) => new(
        TenantId.Parse(e.GetString("Tenant") ?? ""),
        e.GetString("InstanceId") ?? "",
        e.GetString("Step") ?? "",
        e.GetString("Actor") ?? "",
        e.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
        JsonSerializer.Deserialize<Dictionary<string, string>>(e.GetString("Details") ?? "{}") ?? [],
        e.GetInt32("Attempt") ?? 1);

    private static string RunPartition(TenantId tenant, string instanceId) =>
        tenant.Value is null ? throw new ArgumentException("The tenant is not set.", nameof(tenant)) : tenant.Value + "|" + instanceId;

    private static string StepKey(string step, int attempt) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(step + "\n" + attempt.ToString(CultureInfo.InvariantCulture))))[..32];

    private static string Ticks(DateTimeOffset at) => at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    internal static void CheckId(string value, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        if (value.Length is < 1 or > 200 || value.Any(c => char.IsControl(c) || c is '/' or '\\' or '#' or '?' or '|'))
        {
            throw new ArgumentException($"{name} must be 1–200 characters without control characters, '/', '\\', '#', '?' or '|'.", name);
        }
    }

    private static void CheckText(string value, string name)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 256 || value.Any(char.IsControl))
        {
            throw new ArgumentException($"{name} must be 1–256 characters without control characters.", name);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(20, LogLevel.Debug, "Audit step {Step} attempt {Attempt} of tenant {Tenant}, instance {InstanceId} was already recorded")]
        public static partial void AlreadyRecorded(ILogger logger, string tenant, string instanceId, string step, int attempt);
    }
}
