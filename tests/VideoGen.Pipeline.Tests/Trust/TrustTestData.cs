using System.Security.Cryptography;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using VideoGen.Contracts;
using VideoGen.Pipeline.Approvals;

namespace VideoGen.Pipeline.Tests.Trust;

internal static class TrustTestData
{
    public static readonly TenantId TenantA = TenantId.Parse("tenant-a");
    public static readonly TenantId TenantB = TenantId.Parse("tenant-b");
    public static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    public static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static ApprovalTokenService Tokens(string currentKeyId = "k1", params (string Id, string Secret)[] keys)
    {
        var options = new ApprovalTokenOptions { CurrentKeyId = currentKeyId };
        foreach ((string id, string secret) in keys.Length == 0 ? [("k1", NewSecret())] : keys)
        {
            options.Keys.Add(new ApprovalSigningKey { Id = id, Secret = secret });
        }

        return new ApprovalTokenService(Options.Create(options));
    }

    public static TableServiceClient Tables(AzuriteFixture azurite) => new(azurite.ConnectionString);

    public static string TableName(string prefix) => Unique.HubName(prefix);
}
