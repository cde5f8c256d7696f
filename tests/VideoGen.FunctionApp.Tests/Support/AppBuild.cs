using System.Reflection;
using System.Runtime.Loader;

namespace VideoGen.FunctionApp.Tests.Support;

/// <summary>Where the function app's build output is, and its assembly loaded from there (dependencies from the same folder).</summary>
public static class AppBuild
{
    private static readonly Lazy<Assembly> LoadedAssembly = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The app's build output folder (this configuration and framework).</summary>
    public static string OutputDirectory => Metadata("FunctionAppOutput");

    /// <summary>The app's project file.</summary>
    public static string ProjectFile => Metadata("FunctionAppProject");

    /// <summary>The configuration this test project (and so the app) was built in.</summary>
    public static string Configuration => Metadata("BuildConfiguration");

    /// <summary>The repository root.</summary>
    public static string RepositoryRoot => Metadata("RepositoryRoot");

    /// <summary>The app assembly, <c>VideoGen.FunctionApp.dll</c> from <see cref="OutputDirectory"/>.</summary>
    public static Assembly Assembly => LoadedAssembly.Value;

    /// <summary>A file of the build output, which must exist (the message says how to produce it).</summary>
    public static string RequireFile(string name)
    {
        string path = Path.Combine(OutputDirectory, name);
        Assert.True(File.Exists(path), $"{path} does not exist: build the solution (dotnet build VideoGen.sln -c {Configuration}) before running these tests.");
        return path;
    }

    private static Assembly Load()
    {
        string path = RequireFile("VideoGen.FunctionApp.dll");
        // Assemblies this test process already has (VideoGen.*, Microsoft.DurableTask.*) are shared, so types compare
        // equal; the worker's own assemblies come from the app's folder.
        AssemblyLoadContext.Default.Resolving += (context, name) =>
            File.Exists(Path.Combine(OutputDirectory, name.Name + ".dll")) ? context.LoadFromAssemblyPath(Path.Combine(OutputDirectory, name.Name + ".dll")) : null;
        return AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
    }

    private static string Metadata(string key) =>
        typeof(AppBuild).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"The test assembly has no '{key}' metadata (see VideoGen.FunctionApp.Tests.csproj).");
}
