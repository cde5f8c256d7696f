using VideoGen.Pipeline.Accounting;
using static VideoGen.Pipeline.Tests.Trust.TrustTestData;

namespace VideoGen.Pipeline.Tests.Trust;

[Collection(AzuriteCollection.Name)]
public sealed class AuditTrailTests(AzuriteFixture azurite)
{
    private readonly AuditTrail _trail = new(Tables(azurite), TableName("audit"));

    private static AuditRecord Record(string step, int minute, string instance = "inst-1", int attempt = 1, Dictionary<string, string>? details = null) =>
        new(TenantA, instance, step, "pipeline", Now.AddMinutes(minute), details ?? new() { ["hash"] = "abc" }, attempt);

    [Fact]
    public async Task ReadRunAsync_AppendedOutOfOrder_ReturnsInTimeOrder()
    {
        await _trail.AppendAsync(Record("publish", 3));
        await _trail.AppendAsync(Record("ingest", 1));
        await _trail.AppendAsync(Record("approve", 2) with { Actor = "reviewer@example.com" });

        IReadOnlyList<AuditRecord> run = await _trail.ReadRunAsync(TenantA, "inst-1");

        Assert.Equal(["ingest", "approve", "publish"], run.Select(r => r.Step));
        Assert.Equal("reviewer@example.com", run[1].Actor);
        Assert.Equal(Now.AddMinutes(2), run[1].At);
        Assert.Equal("abc", run[0].Details["hash"]);
    }

    [Fact]
    public async Task AppendAsync_SameStepAndAttemptTwice_RecordsOnce()
    {
        await _trail.AppendAsync(Record("render", 1));
        await _trail.AppendAsync(Record("render", 5)); // a redelivered step, run later: same content, new clock
        await _trail.AppendAsync(Record("render", 6, attempt: 2));

        IReadOnlyList<AuditRecord> run = await _trail.ReadRunAsync(TenantA, "inst-1");
        IReadOnlyList<AuditRecord> tenant = await _trail.ReadTenantAsync(TenantA, Now, Now.AddHours(1), 100);

        Assert.Equal([(1, Now.AddMinutes(1)), (2, Now.AddMinutes(6))], run.Select(r => (r.Attempt, r.At)));
        Assert.Equal(2, tenant.Count);
    }

    [Fact]
    public async Task AppendAsync_SameStepAttemptOtherContent_ThrowsConflict()
    {
        await _trail.AppendAsync(Record("render", 1));

        await Assert.ThrowsAsync<AuditConflictException>(() => _trail.AppendAsync(Record("render", 1, details: new() { ["hash"] = "other" })));

        Assert.Equal("abc", Assert.Single(await _trail.ReadRunAsync(TenantA, "inst-1")).Details["hash"]);
    }

    [Fact]
    public async Task AppendAsync_ConcurrentDuplicates_RecordOnce()
    {
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => _trail.AppendAsync(Record("check", 1)))));

        Assert.Single(await _trail.ReadRunAsync(TenantA, "inst-1"));
        Assert.Single(await _trail.ReadTenantAsync(TenantA, Now, Now.AddHours(1), 10));
    }

    [Fact]
    public async Task ReadTenantAsync_OtherTenant_SeesNothing()
    {
        await _trail.AppendAsync(Record("ingest", 1));
        await _trail.AppendAsync(Record("ingest", 2, instance: "inst-2"));
        await _trail.AppendAsync(Record("ingest", 3) with { Tenant = TenantB, InstanceId = "inst-b" });

        IReadOnlyList<AuditRecord> a = await _trail.ReadTenantAsync(TenantA, DateTimeOffset.MinValue.AddDays(1), DateTimeOffset.MaxValue.AddDays(-1), 1000);
        IReadOnlyList<AuditRecord> b = await _trail.ReadTenantAsync(TenantB, DateTimeOffset.MinValue.AddDays(1), DateTimeOffset.MaxValue.AddDays(-1), 1000);

        Assert.Equal(["inst-1", "inst-2"], a.Select(r => r.InstanceId));
        Assert.Equal("inst-b", Assert.Single(b).InstanceId);
        Assert.Empty(await _trail.ReadRunAsync(TenantB, "inst-1"));
        Assert.All(b, r => Assert.Equal(TenantB, r.Tenant));
    }

    [Fact]
    public async Task ReadTenantAsync_RangeAndMax_AreHonoured()
    {
        for (int i = 0; i < 5; i++)
        {
            await _trail.AppendAsync(Record($"step-{i}", i));
        }

        IReadOnlyList<AuditRecord> window = await _trail.ReadTenantAsync(TenantA, Now.AddMinutes(1), Now.AddMinutes(4), 100);
        IReadOnlyList<AuditRecord> capped = await _trail.ReadTenantAsync(TenantA, Now, Now.AddHours(1), 2);

        Assert.Equal(["step-1", "step-2", "step-3"], window.Select(r => r.Step));
        Assert.Equal(["step-0", "step-1"], capped.Select(r => r.Step));
    }

    [Fact]
    public async Task AppendAsync_OversizedDetails_ThrowsTooLargeAndRecordsNothing()
    {
        var details = new Dictionary<string, string> { ["prompt"] = new string('x', AuditTrail.MaxDetailsBytes) };

        var e = await Assert.ThrowsAsync<AuditRecordTooLargeException>(() => _trail.AppendAsync(Record("screen", 1, details: details)));

        Assert.Contains("at most 32768", e.Message, StringComparison.Ordinal);
        Assert.Empty(await _trail.ReadRunAsync(TenantA, "inst-1"));
    }

    [Theory]
    [InlineData("a|b")]
    [InlineData("a/b")]
    [InlineData("")]
    public async Task AppendAsync_BadInstanceId_Throws(string instanceId)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _trail.AppendAsync(Record("x", 1, instance: instanceId)));
    }

    [Fact]
    public async Task ReadTenantAsync_BadArguments_Throw()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _trail.ReadTenantAsync(TenantA, Now, Now, 10));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _trail.ReadTenantAsync(TenantA, Now, Now.AddDays(1), 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _trail.ReadTenantAsync(TenantA, Now, Now.AddDays(1), 5000));
    }
}
