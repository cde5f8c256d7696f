namespace VideoGen.Pipeline.Accounting;

/// <summary>The cost of one run. Amounts are unrounded; round for display only.</summary>
/// <param name="Currency">ISO currency code.</param>
/// <param name="Total">Sum of every entry.</param>
/// <param name="ByKind">Cost per kind (kinds without entries are 0).</param>
/// <param name="ByChunk">GPU cost per chunk index, for entries that name a chunk.</param>
/// <param name="Quantities">Measured quantity per kind (seconds, bytes, minutes).</param>
/// <param name="RenderedSeconds">Seconds of video the run produced.</param>
/// <param name="CostPerRenderedSecond"><paramref name="Total"/> / <paramref name="RenderedSeconds"/>.</param>
public sealed record CostSummary(
    string Currency,
    decimal Total,
    IReadOnlyDictionary<CostKind, decimal> ByKind,
    IReadOnlyDictionary<int, decimal> ByChunk,
    IReadOnlyDictionary<CostKind, double> Quantities,
    double RenderedSeconds,
    decimal CostPerRenderedSecond);

/// <summary>A ledger entry cannot be priced (e.g. a GPU tier without a price).</summary>
public sealed class CostPricingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CostPricingException(string message)
        : base(message)
    {
    }
}
