using System.Text.Json.Nodes;
using VideoGen.Infra.Tests.Support;

namespace VideoGen.Infra.Tests;

/// <summary>The checks fail when they should: doctored snapshots (a setting removed, a rule gone, a filter widened).</summary>
public sealed class InfraChecksTests(SnapshotFixture snapshots) : IClassFixture<SnapshotFixture>
{
    private static JsonArray Settings(Snapshot s) => s.Single("Microsoft.Web/sites")["properties"]!["siteConfig"]!["appSettings"]!.AsArray();

    [Fact]
    public void MissingSettings_RemovedSetting_IsReported()
    {
        Snapshot doctored = snapshots.Full.Clone();
        JsonArray settings = Settings(doctored);
        settings.Remove(settings.Single(s => (string?)s?["name"] == "VideoGen__Provenance__PrivateKeyPem"));

        Assert.Equal(["app setting VideoGen__Provenance__PrivateKeyPem is missing"],
            InfraChecks.MissingSettings(doctored.FunctionAppSettings(), FunctionAppSettingsTests.RequiredInAzure));
    }

    [Fact]
    public void SecretSettingProblems_PlainValueOrUnknownSecret_IsReported()
    {
        Snapshot doctored = snapshots.Full.Clone();
        JsonArray settings = Settings(doctored);
        settings.Single(s => (string?)s?["name"] == "Integrations__CmsCallback__SigningSecret")!["value"] = "committed-secret";
        JsonArray resources = doctored.Resources;
        resources.Remove(resources.Single(r => ((string?)r?["name"])?.EndsWith("/approval-token-key", StringComparison.Ordinal) == true));

        IReadOnlyList<string> problems = InfraChecks.SecretSettingProblems(doctored);

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Integrations__CmsCallback__SigningSecret is a secret", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("VideoGen__ApprovalTokens__Keys__0__Secret references secret approval-token-key", StringComparison.Ordinal));
    }

    [Fact]
    public void ScaleRuleProblems_RuleRemoved_IsReported()
    {
        Snapshot doctored = snapshots.Full.Clone();
        JsonArray rules = doctored.Single("Microsoft.App/containerApps")["properties"]!["template"]!["scale"]!["rules"]!.AsArray();
        rules.RemoveAt(1);

        Assert.Equal(["no azure-queue scale rule watches gpu-jobs-batch"],
            InfraChecks.ScaleRuleProblems(doctored, ["gpu-jobs-interactive", "gpu-jobs-batch"]));
    }

    [Fact]
    public void BriefSubscriptionProblems_WiderFilterOrWrongFunction_IsReported()
    {
        Snapshot doctored = snapshots.Full.Clone();
        JsonNode p = doctored.Single("Microsoft.EventGrid/systemTopics/eventSubscriptions")["properties"]!;
        p["filter"]!["subjectBeginsWith"] = "/blobServices/default/containers/";
        p["filter"]!["includedEventTypes"] = new JsonArray("Microsoft.Storage.BlobCreated", "Microsoft.Storage.BlobDeleted");
        string target = (string)p["destination"]!["properties"]!["resourceId"]!;
        p["destination"]!["properties"]!["resourceId"] = target.Replace("/OnBriefUploaded", "/SubmitBrief", StringComparison.Ordinal);

        IReadOnlyList<string> problems = InfraChecks.BriefSubscriptionProblems(doctored, FunctionCatalogSource.Load());

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, x => x.StartsWith("includedEventTypes", StringComparison.Ordinal));
        Assert.Contains(problems, x => x.StartsWith("subjectBeginsWith", StringComparison.Ordinal));
        Assert.Contains(problems, x => x.Contains("SubmitBrief is not a function of the app with an eventGridTrigger", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[format('{0}{1}/)', format('@Microsoft.KeyVault(SecretUri=https://{0}{1}/secrets/', 'kv-a', environment().suffixes.keyvaultDns), 's1')]", "@Microsoft.KeyVault(SecretUri=https://kv-a.vault.azure.net/secrets/s1/)")]
    [InlineData("plain", "plain")]
    [InlineData("[[escaped]", "[[escaped]")]
    [InlineData("[concat('a', 'it''s')]", "ait's")]
    [InlineData("[reference('x', '2020-01-01').ConnectionString]", null)]
    [InlineData("[parameters('secret')]", null)]
    public void ArmExpression_Resolve_KnownOrNull(string value, string? expected) =>
        Assert.Equal(expected, ArmExpression.Resolve(value));
}
