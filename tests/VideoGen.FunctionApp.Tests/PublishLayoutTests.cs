using System.Diagnostics;
using System.Text.Json.Nodes;
using VideoGen.FunctionApp.Tests.Support;

namespace VideoGen.FunctionApp.Tests;

/// <summary>
/// <c>dotnet publish</c> of the app (once per run, from the build this test run uses) gives the layout the Functions
/// host loads: <c>functions.metadata</c>, <c>worker.config.json</c> for the dotnet-isolated worker,
/// <c>extensions.json</c> naming the host-side extensions, their assemblies under <c>.azurefunctions/</c>, and the
/// repository's <c>host.json</c>; never a <c>local.settings.json</c>.
/// </summary>
public sealed class PublishLayoutTests(PublishLayoutTests.Published published) : IClassFixture<PublishLayoutTests.Published>
{
    [Fact]
    public void Publish_FunctionsMetadata_MatchesTheCode()
    {
        var metadata = (JsonArray)JsonNode.Parse(File.ReadAllText(published.File("functions.metadata")))!;
        IReadOnlyList<string> problems = MetadataCheck.Problems(metadata);
        Assert.True(problems.Count == 0, "published functions.metadata differs from the code:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void Publish_WorkerConfig_StartsTheAppAsADotnetIsolatedWorker()
    {
        JsonNode description = JsonNode.Parse(File.ReadAllText(published.File("worker.config.json")))!["description"]!;
        Assert.Equal("dotnet-isolated", (string?)description["language"]);
        Assert.Equal("VideoGen.FunctionApp.dll", (string?)description["defaultWorkerPath"]);
        Assert.True(File.Exists(published.File("VideoGen.FunctionApp.dll")));
    }

    [Theory]
    [InlineData("DurableTask", "Microsoft.Azure.WebJobs.Extensions.DurableTask")]
    [InlineData("AzureStorageBlobs", "Microsoft.Azure.WebJobs.Extensions.Storage.Blobs")]
    [InlineData("AzureStorageQueues", "Microsoft.Azure.WebJobs.Extensions.Storage.Queues")]
    public void Publish_ExtensionsJson_NamesTheHostExtension_AndItsAssemblyIsThere(string name, string assembly)
    {
        var extensions = JsonNode.Parse(File.ReadAllText(published.File("extensions.json")))!["extensions"]!.AsArray();
        JsonNode? entry = extensions.SingleOrDefault(e => (string?)e!["name"] == name);
        Assert.True(entry is not null, $"extensions.json has no '{name}' extension; it has {string.Join(", ", extensions.Select(e => (string?)e!["name"]))}");
        string[] typeName = ((string?)entry!["typeName"] ?? "").Split(',', StringSplitOptions.TrimEntries);
        Assert.True(typeName.Length > 1 && typeName[1] == assembly, $"extensions.json's '{name}' is {(string?)entry["typeName"]}, not a type of {assembly}");
        Assert.Equal($"./.azurefunctions/{assembly}.dll", (string?)entry["hintPath"]);
        Assert.True(File.Exists(published.File(".azurefunctions", assembly + ".dll")), $".azurefunctions/{assembly}.dll is missing");
        Assert.True(File.Exists(published.File(".azurefunctions", "function.deps.json")));
    }

    [Fact]
    public void Publish_CarriesTheRepositoryHostJson_AndNoLocalSettings()
    {
        Assert.Equal(File.ReadAllText(Path.Combine(AppBuild.RepositoryRoot, "host.json")), File.ReadAllText(published.File("host.json")));
        Assert.False(File.Exists(published.File("local.settings.json")), "local.settings.json must not be published");
    }

    /// <summary>The app published once into a temporary folder, from the build the tests run against.</summary>
    public sealed class Published : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), $"videogen-functionapp-{Guid.NewGuid():N}");

        /// <summary>Publishes (<c>--no-build</c>: the solution build made the app; a changed app needs a build first).</summary>
        public Published()
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string arg in (string[])["publish", AppBuild.ProjectFile, "-c", AppBuild.Configuration, "--no-build", "-o", _dir, "-nologo"])
            {
                start.ArgumentList.Add(arg);
            }

            using Process p = Process.Start(start)!;
            Task<string> stdout = p.StandardOutput.ReadToEndAsync();
            Task<string> stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(TimeSpan.FromMinutes(5)))
            {
                p.Kill(entireProcessTree: true);
                throw new TimeoutException("dotnet publish of the function app took over 5 minutes.");
            }

            if (p.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet publish of the function app failed ({p.ExitCode}):\n{Tail(stdout.Result)}\n{Tail(stderr.Result)}");
            }
        }

        /// <summary>A path inside the publish folder.</summary>
        public string File(params string[] parts) => Path.Combine([_dir, .. parts]);

        /// <inheritdoc />
        public void Dispose()
        {
            if (Directory.Exists(_dir))
            {
                Directory.Delete(_dir, recursive: true);
            }
        }

        private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];
    }
}
