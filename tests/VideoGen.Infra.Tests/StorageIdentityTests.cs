using System.Text.Json.Nodes;
using VideoGen.Infra.Tests.Support;

namespace VideoGen.Infra.Tests;

/// <summary>The function app and the GPU worker reach storage with their managed identities; no storage key is used.</summary>
public sealed class StorageIdentityTests(SnapshotFixture snapshots) : IClassFixture<SnapshotFixture>
{
    [Fact]
    public void Storage_TurnsSharedKeyAccessOff_ByDefault()
    {
        Assert.All(snapshots.All, s =>
            Assert.False((bool?)s.Single("Microsoft.Storage/storageAccounts")["properties"]?["allowSharedKeyAccess"]));
    }

    [Fact]
    public void FunctionApp_ReachesStorageWithItsIdentity()
    {
        Assert.All(snapshots.All, s => Assert.Empty(InfraChecks.FunctionStorageIdentityProblems(s)));
    }

    [Fact]
    public void GpuWorker_ReachesStorageWithItsIdentity_AndHoldsNoSecret()
    {
        Assert.All(snapshots.All, s => Assert.Empty(InfraChecks.WorkerStorageIdentityProblems(s)));
    }

    [Fact]
    public void NoResource_ReadsTheStorageAccountKeys()
    {
        Assert.All(snapshots.All, s => Assert.Empty(InfraChecks.StorageKeyUses(s)));
        Assert.DoesNotContain(snapshots.Full.OfType("Microsoft.KeyVault/vaults/secrets"), x => Snapshot.LeafName(x) == "storage-connection-string");
    }

    [Fact]
    public void AppSettings_CarryNoAccountKey()
    {
        Assert.All(snapshots.All, s => Assert.DoesNotContain(s.FunctionAppSettingsSymbolic(),
            kv => kv.Value?.Contains("AccountKey=", StringComparison.OrdinalIgnoreCase) == true || kv.Key == "AzureWebJobsStorage"));
    }

    [Fact]
    public void Identities_HoldTheStorageDataRolesTheyNeed()
    {
        Assert.All(snapshots.All, s => Assert.Empty(InfraChecks.StorageRoleProblems(s)));
    }

    [Fact]
    public void SharedKeyAccess_CanBeTurnedBackOn_OnlyByItsParameter()
    {
        var parameters = new Dictionary<string, string>(SnapshotFixture.MinimalParameters) { ["environmentName"] = "'keys'", ["storageAllowSharedKeyAccess"] = "true" };
        Snapshot withKeys = Snapshot.Create(parameters);

        Assert.True((bool?)withKeys.Single("Microsoft.Storage/storageAccounts")["properties"]?["allowSharedKeyAccess"]);
        // Even then nothing in the deployment uses a key.
        Assert.Empty(InfraChecks.StorageKeyUses(withKeys));
        Assert.Empty(InfraChecks.FunctionStorageIdentityProblems(withKeys));
    }
}
