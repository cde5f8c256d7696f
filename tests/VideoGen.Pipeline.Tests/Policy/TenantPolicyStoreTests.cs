using System.Text;
using Azure.Storage.Blobs;
using VideoGen.Contracts;
using VideoGen.Pipeline.Policy;
using VideoGen.Pipeline.Tests.Trust;

namespace VideoGen.Pipeline.Tests.Policy;

/// <summary>Tenant overrides stored in <c>policies/{tenant}/prompt-policy.json</c> on Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TenantPolicyStoreTests(AzuriteFixture azurite)
{
    private const string AddsRivalBrand = """
        { "version": "t-1", "categories": [ { "id": "rival-brands", "action": "reject", "terms": ["acme cola"] } ] }
        """;

    private readonly BlobServiceClient _blobs = new(azurite.ConnectionString);

    private static TenantId NewTenant() => TenantId.Parse("t" + Guid.NewGuid().ToString("N")[..12]);

    private static byte[] Bytes(string json) => Encoding.UTF8.GetBytes(json);

    private BlobClient Blob(TenantId tenant) =>
        _blobs.GetBlobContainerClient(BlobLayout.PoliciesContainer).GetBlobClient(BlobLayout.TenantPolicyPath(tenant));

    [Fact]
    public async Task ForAsync_TenantWithoutOverride_IsTheDefault()
    {
        var store = new TenantPolicyStore(_blobs);

        Assert.Same(PromptPolicy.Default, await store.ForAsync(NewTenant(), CancellationToken.None));
    }

    [Fact]
    public async Task SavedOverride_ScreensThatTenantOnly_AndNamesItsVersion()
    {
        var store = new TenantPolicyStore(_blobs);
        TenantId tenant = NewTenant(), other = NewTenant();

        PromptPolicy saved = await store.SaveAsync(tenant, Bytes(AddsRivalBrand), CancellationToken.None);
        PromptPolicy effective = await new TenantPolicyStore(_blobs).ForAsync(tenant, CancellationToken.None); // a fresh host reads it

        Assert.Equal("1.0.0+t-1", saved.Version);
        Assert.Equal(saved.Version, effective.Version);
        PolicyDecision blocked = PolicyTestData.ScreenPrompt("A bottle beside a can of Acme Cola", effective);
        Assert.Equal(PolicyVerdict.Reject, blocked.Verdict);
        Assert.Equal("1.0.0+t-1", blocked.PolicyVersion);
        Assert.Equal("rival-brands", Assert.Single(blocked.Findings).Category);
        PolicyDecision elsewhere = PolicyTestData.ScreenPrompt("A bottle beside a can of Acme Cola", await store.ForAsync(other, CancellationToken.None));
        Assert.Equal(PolicyVerdict.Allow, elsewhere.Verdict);
    }

    [Fact]
    public async Task SaveAsync_OverrideRelaxingALockedCategory_IsRefusedNamingTheField_AndNothingIsStored()
    {
        var store = new TenantPolicyStore(_blobs);
        TenantId tenant = NewTenant();

        var ex = await Assert.ThrowsAsync<PolicyFormatException>(() => store.SaveAsync(tenant,
            Bytes("""{ "version": "t-1", "categories": [ { "id": "prohibited", "action": "allow" } ] }"""), CancellationToken.None));

        Assert.Equal("/categories/0/action", ex.Field);
        Assert.Contains("locked", ex.Message);
        Assert.Null((await store.GetAsync(tenant, CancellationToken.None)).Document);
    }

    [Fact]
    public async Task SaveAsync_ChangedDocumentWithTheSameVersion_IsRefused_ButTheSameDocumentAgainIsFine()
    {
        var store = new TenantPolicyStore(_blobs);
        TenantId tenant = NewTenant();
        await store.SaveAsync(tenant, Bytes(AddsRivalBrand), CancellationToken.None);

        await store.SaveAsync(tenant, Bytes(AddsRivalBrand), CancellationToken.None);
        var ex = await Assert.ThrowsAsync<TenantPolicyVersionException>(() =>
            store.SaveAsync(tenant, Bytes(AddsRivalBrand.Replace("acme cola", "zeta soda", StringComparison.Ordinal)), CancellationToken.None));

        Assert.Equal("t-1", ex.Version);
        Assert.Contains("acme cola", (await store.GetAsync(tenant, CancellationToken.None)).Document!.ToString());
    }

    [Fact]
    public async Task ForAsync_SeesANewVersion_AfterServingTheCachedOne()
    {
        var reader = new TenantPolicyStore(_blobs);
        var writer = new TenantPolicyStore(_blobs);
        TenantId tenant = NewTenant();
        await writer.SaveAsync(tenant, Bytes(AddsRivalBrand), CancellationToken.None);

        PromptPolicy first = await reader.ForAsync(tenant, CancellationToken.None);
        PromptPolicy unchanged = await reader.ForAsync(tenant, CancellationToken.None); // conditional read: not modified
        await writer.SaveAsync(tenant, Bytes(AddsRivalBrand.Replace("t-1", "t-2", StringComparison.Ordinal)), CancellationToken.None);
        PromptPolicy changed = await reader.ForAsync(tenant, CancellationToken.None);
        Assert.True(await writer.DeleteAsync(tenant, CancellationToken.None));
        PromptPolicy deleted = await reader.ForAsync(tenant, CancellationToken.None);

        Assert.Same(first, unchanged);
        Assert.Equal("1.0.0+t-2", changed.Version);
        Assert.Same(PromptPolicy.Default, deleted);
        Assert.False(await writer.DeleteAsync(tenant, CancellationToken.None));
    }

    [Fact]
    public async Task ForAsync_BrokenDocumentWrittenStraightToTheBlob_FailsNamingTheBlobAndField()
    {
        var store = new TenantPolicyStore(_blobs);
        TenantId tenant = NewTenant();
        await _blobs.GetBlobContainerClient(BlobLayout.PoliciesContainer).CreateIfNotExistsAsync();
        await Blob(tenant).UploadAsync(BinaryData.FromString("""{ "version": "t-1", "categories": [ { "id": "x", "action": "maybe" } ] }"""));

        var ex = await Assert.ThrowsAsync<TenantPolicyInvalidException>(() => store.ForAsync(tenant, CancellationToken.None));

        StoredTenantPolicy stored = await store.GetAsync(tenant, CancellationToken.None);

        Assert.Equal($"policies/{tenant}/prompt-policy.json", ex.BlobPath);
        Assert.Equal("/categories/0/action", ex.Field);
        Assert.Contains(ex.BlobPath, ex.Message);
        Assert.Null(stored.Effective);
        Assert.Equal("/categories/0/action", stored.Problem!.Field);
        Assert.Contains("maybe", stored.Document!.ToString()); // shown so it can be fixed
    }

    [Fact]
    public async Task ForAsync_DocumentOverTheLimit_FailsWithoutReadingIt()
    {
        var store = new TenantPolicyStore(_blobs);
        TenantId tenant = NewTenant();
        await _blobs.GetBlobContainerClient(BlobLayout.PoliciesContainer).CreateIfNotExistsAsync();
        await Blob(tenant).UploadAsync(BinaryData.FromBytes(new byte[TenantPolicyStore.MaxDocumentBytes + 1]));

        var ex = await Assert.ThrowsAsync<TenantPolicyInvalidException>(() => store.ForAsync(tenant, CancellationToken.None));
        StoredTenantPolicy stored = await store.GetAsync(tenant, CancellationToken.None);
        Assert.Null(stored.Document); // not read
        Assert.Contains("limit", stored.Problem!.Message);
        var save = await Assert.ThrowsAsync<PolicyFormatException>(() => store.SaveAsync(tenant, new byte[TenantPolicyStore.MaxDocumentBytes + 1], CancellationToken.None));

        Assert.Contains("limit", ex.Message);
        Assert.Contains("limit", save.Message);
    }
}
