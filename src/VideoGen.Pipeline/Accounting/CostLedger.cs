using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using VideoGen.Contracts;

namespace VideoGen.Pipeline.Accounting;

/// <summary>
/// Measured resource use per run in the <c>CostLedger</c> table: PartitionKey <c>{tenant}|{instanceId}</c>, RowKey
/// <c>{Kind}|{Step}|{Chunk or -}</c>, written with UpsertEntity (Replace) so a retried step overwrites its entry.
/// Prices are applied when summarizing, not stored.
/// </summary>
public sealed class CostLedger
{
    /// <summary>Default table name.</summary>
    public const string DefaultTableName = "CostLedger";

    private const double MaxQuantity = 1e15;
    private readonly LazyTable _lazy;
    private readonly CostPrices _prices;

    /// <summary>Creates the ledger; the prices are validated here and the table is created on first use.</summary>
    /// <exception cref="OptionsValidationException">The prices are invalid.</exception>
    public CostLedger(TableServiceClient tables, IOptions<CostPrices> prices, string tableName = DefaultTableName)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(prices);
        _prices = prices.Value;
        _prices.Validate();
        _lazy = new LazyTable(tables.GetTableClient(tableName));
    }

    /// <summary>Records (or, for the same kind, step and chunk, replaces) an entry.</summary>
    /// <exception cref="ArgumentException">A field is invalid (see <see cref="CostEntry"/>).</exception>
    /// <exception cref="RequestFailedException">Storage failed.</exception>
    public async Task RecordAsync(CostEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Validate(entry);
        var row = new TableEntity(Partition(entry.Tenant, entry.InstanceId), EntryId(entry))
        {
            ["Kind"] = entry.Kind.ToString(),
            ["Step"] = entry.Step,
            ["Quantity"] = entry.Quantity,
            ["Chunk"] = entry.Chunk,
            ["Tier"] = entry.Tier,
            ["RetentionSeconds"] = entry.Retention?.TotalSeconds,
        };
        await _lazy.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await _lazy.Client.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The ledger id of an entry: <c>{Kind}|{Step}|{Chunk or -}</c>.</summary>
    public static string EntryId(CostEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return $"{entry.Kind}|{entry.Step}|{(entry.Chunk is int c ? c.ToString("D6", CultureInfo.InvariantCulture) : "-")}";
    }

    /// <summary>Totals per kind and chunk, and the cost per rendered second, at the configured prices.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="renderedSeconds"/> is not positive and finite.</exception>
    /// <exception cref="CostPricingException">An entry's GPU tier has no price.</exception>
    public async Task<CostSummary> SummarizeAsync(TenantId tenant, string instanceId, double renderedSeconds, CancellationToken cancellationToken = default)
    {
        if (!(renderedSeconds > 0) || !double.IsFinite(renderedSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(renderedSeconds), renderedSeconds, "Rendered seconds must be positive and finite to compute a cost per rendered second.");
        }

        string partition = Partition(tenant, instanceId);
        var byKind = Enum.GetValues<CostKind>().ToDictionary(k => k, _ => 0m);
        var quantities = Enum.GetValues<CostKind>().ToDictionary(k => k, _ => 0.0);
        var byChunk = new SortedDictionary<int, decimal>();
        await _lazy.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await foreach (TableEntity row in _lazy.Client.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var entry = new CostEntry(
                tenant, instanceId, Enum.Parse<CostKind>(row.GetString("Kind") ?? ""), row.GetString("Step") ?? "",
                row.GetDouble("Quantity") ?? 0, row.GetInt32("Chunk"), row.GetString("Tier"),
                row.GetDouble("RetentionSeconds") is double s ? TimeSpan.FromSeconds(s) : null);
            decimal cost = Price(entry);
            byKind[entry.Kind] += cost;
            quantities[entry.Kind] += entry.Quantity;
            if (entry.Chunk is int chunk)
            {
                byChunk[chunk] = byChunk.GetValueOrDefault(chunk) + cost;
            }
        }

        decimal total = byKind.Values.Sum();
        return new CostSummary(_prices.Currency, total, byKind, byChunk, quantities, renderedSeconds, total / (decimal)renderedSeconds);
    }

    private decimal Price(CostEntry entry)
    {
        decimal quantity = (decimal)entry.Quantity;
        return entry.Kind switch
        {
            CostKind.GpuSeconds => quantity * (_prices.GpuSecondByTier.TryGetValue(entry.Tier ?? "", out decimal p)
                ? p
                : throw new CostPricingException($"Ledger entry {EntryId(entry)} uses GPU tier '{entry.Tier}', which has no price.")),
            CostKind.EncodeSeconds => quantity * _prices.EncodeSecond,
            CostKind.StorageBytes => quantity / CostPrices.BytesPerGb * _prices.StorageGbMonth
                * (decimal)(entry.Retention!.Value.TotalDays / _prices.DaysPerMonth),
            CostKind.ReviewMinutes => quantity * _prices.ReviewMinute,
            _ => throw new CostPricingException($"Ledger entry {EntryId(entry)} has unknown kind {entry.Kind}."),
        };
    }

    private static void Validate(CostEntry entry)
    {
        if (!Enum.IsDefined(entry.Kind))
        {
            throw new ArgumentException($"Unknown cost kind {entry.Kind}.", nameof(entry));
        }

        AuditTrail.CheckId(entry.Step, nameof(entry.Step));
        if (!double.IsFinite(entry.Quantity) || entry.Quantity < 0 || entry.Quantity > MaxQuantity)
        {
            throw new ArgumentException($"Quantity {entry.Quantity} of {entry.Kind} for step '{entry.Step}' must be finite, 0 or more and at most {MaxQuantity}.", nameof(entry));
        }

        if (entry.Chunk < 0)
        {
            throw new ArgumentException($"Chunk index {entry.Chunk} is negative.", nameof(entry));
        }

        if (entry.Kind == CostKind.GpuSeconds && string.IsNullOrWhiteSpace(entry.Tier))
        {
            throw new ArgumentException($"GPU seconds of step '{entry.Step}' need a tier.", nameof(entry));
        }

        if (entry.Kind == CostKind.StorageBytes && !(entry.Retention > TimeSpan.Zero))
        {
            throw new ArgumentException($"Storage bytes of step '{entry.Step}' need a positive retention.", nameof(entry));
        }
    }

    private static string Partition(TenantId tenant, string instanceId)
    {
        if (tenant.Value is null)
        {
            throw new ArgumentException("The tenant is not set.", nameof(tenant));
        }

        AuditTrail.CheckId(instanceId, nameof(instanceId));
        return tenant.Value + "|" + instanceId;
    }
}
