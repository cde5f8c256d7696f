using Microsoft.Extensions.Options;

namespace VideoGen.Pipeline.Accounting;

/// <summary>
/// Prices the ledger applies (section <c>Accounting:Prices</c>). The defaults are illustrative pay-as-you-go list
/// prices (USD, late 2026) for the VM sizes the deployment uses; override them per deployment.
/// </summary>
public sealed class CostPrices
{
    /// <summary>Bytes in one billed GB (Azure bills storage in GiB).</summary>
    public const decimal BytesPerGb = 1024m * 1024m * 1024m;

    /// <summary>ISO currency code of every price. Default <c>USD</c>.</summary>
    public string Currency { get; set; } = "USD";

    /// <summary>
    /// Price of one GPU second by tier. Defaults: <c>interactive</c> 0.00102 (an A100 VM at ≈3.67/hour),
    /// <c>batch</c> 0.000146 (a T4 VM at ≈0.526/hour).
    /// </summary>
    public IDictionary<string, decimal> GpuSecondByTier { get; } = new Dictionary<string, decimal>(StringComparer.Ordinal)
    {
        ["interactive"] = 0.00102m,
        ["batch"] = 0.000146m,
    };

    /// <summary>Price of one encode second. Default 0.0000267 (a 2-vCPU VM at ≈0.096/hour).</summary>
    public decimal EncodeSecond { get; set; } = 0.0000267m;

    /// <summary>Price of one GB stored for one month, pro-rated by retention. Default 0.0184 (hot LRS blob storage).</summary>
    public decimal StorageGbMonth { get; set; } = 0.0184m;

    /// <summary>Days in the billing month used to pro-rate storage. Default 30.</summary>
    public double DaysPerMonth { get; set; } = 30;

    /// <summary>Price of one reviewer minute. Default 0.75 (45 per hour).</summary>
    public decimal ReviewMinute { get; set; } = 0.75m;

    /// <summary>Checks every price.</summary>
    /// <exception cref="OptionsValidationException">Lists every problem.</exception>
    public void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Currency) || Currency.Length != 3 || !Currency.All(char.IsAsciiLetterUpper))
        {
            problems.Add($"currency '{Currency}' is not a three-letter ISO code");
        }

        if (GpuSecondByTier.Count == 0)
        {
            problems.Add("no GPU tier prices are configured");
        }

        problems.AddRange(GpuSecondByTier.Where(p => p.Value < 0).Select(p => $"GPU price of tier '{p.Key}' is negative"));
        if (EncodeSecond < 0 || StorageGbMonth < 0 || ReviewMinute < 0)
        {
            problems.Add("prices must not be negative");
        }

        if (!(DaysPerMonth > 0))
        {
            problems.Add($"DaysPerMonth {DaysPerMonth} must be positive");
        }

        if (problems.Count > 0)
        {
            throw new OptionsValidationException(nameof(CostPrices), typeof(CostPrices), problems);
        }
    }
}
