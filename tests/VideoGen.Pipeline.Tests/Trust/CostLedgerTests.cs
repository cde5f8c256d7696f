using Microsoft.Extensions.Options;
using VideoGen.Pipeline.Accounting;
using static VideoGen.Pipeline.Tests.Trust.TrustTestData;

namespace VideoGen.Pipeline.Tests.Trust;

[Collection(AzuriteCollection.Name)]
public sealed class CostLedgerTests(AzuriteFixture azurite)
{
    private static readonly CostPrices Prices = MakePrices();

    private readonly CostLedger _ledger = new(Tables(azurite), Options.Create(Prices), TableName("ledger"));

    [Fact]
    public async Task SummarizeAsync_RetriedStep_CountsOnce()
    {
        await _ledger.RecordAsync(new CostEntry(TenantA, "inst-1", CostKind.GpuSeconds, "render-preview", 10, Chunk: 0, Tier: "interactive"));
        await _ledger.RecordAsync(new CostEntry(TenantA, "inst-1", CostKind.GpuSeconds, "render-preview", 12, Chunk: 0, Tier: "interactive")); // retry
        await _ledger.RecordAsync(new CostEntry(TenantA, "inst-1", CostKind.GpuSeconds, "render-preview", 8, Chunk: 1, Tier: "interactive"));

        CostSummary summary = await _ledger.SummarizeAsync(TenantA, "inst-1", 2);

        Assert.Equal(20.0, summary.Quantities[CostKind.GpuSeconds]);
        Assert.Equal(20m, summary.ByKind[CostKind.GpuSeconds]);
        Assert.Equal(new Dictionary<int, decimal> { [0] = 12m, [1] = 8m }, summary.ByChunk);
    }

    [Fact]
    public async Task SummarizeAsync_AllKinds_ComputesCostPerRenderedSecond()
    {
        await _ledger.RecordAsync(new CostEntry(TenantA, "inst-1", CostKind.GpuSeconds, "render-preview", 30, Chunk: 0, Tier: "interactive"));
        await _ledger.RecordAsync(new CostEntry(TenantA, "inst-1", CostKind.GpuSeconds, "render-final", 50, Chunk: 0, Tier: "batch"));
        await _ledger.RecordAsync(new CostEntry(TenantA, "inst-1", CostKind.EncodeSeconds, "assemble", 20));
        await _ledger.RecordAsync(new CostEntry(TenantA, "inst-1", CostKind.StorageBytes, "publish", (double)(3 * CostPrices.BytesPerGb), Retention: TimeSpan.FromDays(15)));
        await _ledger.RecordAsync(new CostEntry(TenantA, "inst-1", CostKind.ReviewMinutes, "approve", 4));

        CostSummary summary = await _ledger.SummarizeAsync(TenantA, "inst-1", 15);

        // gpu 30*1 + 50*0.5 = 55; encode 20*0.1 = 2; storage 3 GB * 2/GB-month * 0.5 month = 3; review 4*2.5 = 10
        Assert.Equal(55m, summary.ByKind[CostKind.GpuSeconds]);
        Assert.Equal(2m, summary.ByKind[CostKind.EncodeSeconds]);
        Assert.Equal(3m, summary.ByKind[CostKind.StorageBytes]);
        Assert.Equal(10m, summary.ByKind[CostKind.ReviewMinutes]);
        Assert.Equal(70m, summary.Total);
        Assert.Equal(70m / 15m, summary.CostPerRenderedSecond);
        Assert.Equal("EUR", summary.Currency);
        Assert.Equal(55m, Assert.Single(summary.ByChunk).Value);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    public async Task SummarizeAsync_NonPositiveRenderedSeconds_Throws(double seconds)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _ledger.SummarizeAsync(TenantA, "inst-1", seconds));
    }

    [Fact]
    public async Task SummarizeAsync_OtherRunOrTenant_IsSeparate()
    {
        await _ledger.RecordAsync(new CostEntry(TenantA, "inst-1", CostKind.EncodeSeconds, "assemble", 20));

        Assert.Equal(0m, (await _ledger.SummarizeAsync(TenantB, "inst-1", 1)).Total);
        Assert.Equal(0m, (await _ledger.SummarizeAsync(TenantA, "inst-2", 1)).Total);
    }

    [Fact]
    public async Task SummarizeAsync_UnpricedTier_Throws()
    {
        await _ledger.RecordAsync(new CostEntry(TenantA, "inst-1", CostKind.GpuSeconds, "render", 1, Chunk: 0, Tier: "quantum"));

        var e = await Assert.ThrowsAsync<CostPricingException>(() => _ledger.SummarizeAsync(TenantA, "inst-1", 1));

        Assert.Contains("'quantum'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordAsync_InvalidEntries_Throw()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _ledger.RecordAsync(new CostEntry(TenantA, "inst-1", CostKind.GpuSeconds, "render", 1)));
        await Assert.ThrowsAsync<ArgumentException>(() => _ledger.RecordAsync(new CostEntry(TenantA, "inst-1", CostKind.StorageBytes, "publish", 1)));
        await Assert.ThrowsAsync<ArgumentException>(() => _ledger.RecordAsync(new CostEntry(TenantA, "inst-1", CostKind.EncodeSeconds, "assemble", -1)));
        await Assert.ThrowsAsync<ArgumentException>(() => _ledger.RecordAsync(new CostEntry(TenantA, "inst|1", CostKind.EncodeSeconds, "assemble", 1)));
    }

    [Fact]
    public void Constructor_DefaultPrices_AreValid()
    {
        var prices = new CostPrices();

        prices.Validate();

        Assert.Equal("USD", prices.Currency);
    }

    private static CostPrices MakePrices()
    {
        var prices = new CostPrices { Currency = "EUR", EncodeSecond = 0.1m, StorageGbMonth = 2m, DaysPerMonth = 30, ReviewMinute = 2.5m };
        prices.GpuSecondByTier["interactive"] = 1m;
        prices.GpuSecondByTier["batch"] = 0.5m;
        return prices;
    }
}
