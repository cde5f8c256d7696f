using System.Text.Json.Nodes;
using VideoGen.Infra.Tests.Support;

namespace VideoGen.Infra.Tests;

/// <summary>The function app is a .NET isolated worker, on Flex Consumption by default and Elastic Premium on request.</summary>
public sealed class FunctionAppHostingTests(SnapshotFixture snapshots) : IClassFixture<SnapshotFixture>
{
    [Fact]
    public void DefaultPlan_IsFlexConsumption_WithTheIsolatedRuntimeInFunctionAppConfig()
    {
        JsonObject plan = snapshots.Minimal.Single("Microsoft.Web/serverfarms");
        JsonNode config = snapshots.Minimal.FunctionApp()["properties"]!["functionAppConfig"]!;

        Assert.Equal("FlexConsumption", (string?)plan["sku"]?["tier"]);
        Assert.Equal("FC1", (string?)plan["sku"]?["name"]);
        Assert.Equal("dotnet-isolated", (string?)config["runtime"]?["name"]);
        Assert.Equal(InfraChecks.AppDotnetVersion(), (string?)config["runtime"]?["version"]);
        Assert.Empty(InfraChecks.FunctionHostingProblems(snapshots.Minimal, InfraChecks.AppDotnetVersion()));
        Assert.Empty(InfraChecks.FunctionHostingProblems(snapshots.Full, InfraChecks.AppDotnetVersion()));
    }

    [Fact]
    public void FlexConsumption_KeepsTheDurableGroupWarm_AndCapsScaleOut()
    {
        JsonNode scale = snapshots.Minimal.FunctionApp()["properties"]!["functionAppConfig"]!["scaleAndConcurrency"]!;

        // Microsoft's recommendation for Durable Functions on Flex Consumption: one always-ready instance for `durable`.
        JsonNode? durable = scale["alwaysReady"]?.AsArray().SingleOrDefault(g => (string?)g?["name"] == "durable");
        Assert.Equal(1, (int?)durable?["instanceCount"]);
        Assert.InRange((int)scale["maximumInstanceCount"]!, 1, 1000);
        Assert.Contains((int)scale["instanceMemoryMB"]!, new[] { 2048, 4096 });
    }

    [Fact]
    public void ElasticPremium_IsTheOtherPlan_DotnetIsolatedWithoutAContentShare()
    {
        JsonObject plan = snapshots.ElasticPremium.Single("Microsoft.Web/serverfarms");
        IReadOnlyDictionary<string, string?> settings = snapshots.ElasticPremium.FunctionAppSettings();

        Assert.Equal("ElasticPremium", (string?)plan["sku"]?["tier"]);
        Assert.Equal("EP2", (string?)plan["sku"]?["name"]);
        Assert.Equal("dotnet-isolated", settings["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Empty(InfraChecks.FunctionHostingProblems(snapshots.ElasticPremium, InfraChecks.AppDotnetVersion()));
    }

    [Fact]
    public void NoDeployment_KeepsAnythingOfTheCustomHandler()
    {
        Assert.All(snapshots.All, s =>
        {
            IReadOnlyDictionary<string, string?> settings = s.FunctionAppSettings();
            Assert.NotEqual("custom", settings.GetValueOrDefault("FUNCTIONS_WORKER_RUNTIME"));
            Assert.DoesNotContain(settings.Keys, k => k.Contains("CUSTOMHANDLER", StringComparison.OrdinalIgnoreCase));
            // The custom handler ran on the base Functions image: an empty language stack.
            Assert.NotEqual("", (string?)s.FunctionApp()["properties"]?["siteConfig"]?["linuxFxVersion"]);
        });
    }

    [Fact]
    public void AppDotnetVersion_IsTheFunctionAppsTargetFramework() =>
        Assert.Matches(@"^\d+\.\d+$", InfraChecks.AppDotnetVersion());
}
