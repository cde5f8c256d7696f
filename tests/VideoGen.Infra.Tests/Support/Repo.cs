namespace VideoGen.Infra.Tests.Support;

/// <summary>Paths in the repository.</summary>
public static class Repo
{
    private static readonly Lazy<string> RootDir = new(Find, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The repository root (the directory holding VideoGen.sln).</summary>
    public static string Root => RootDir.Value;

    /// <summary>The infra/ directory.</summary>
    public static string Infra => Path.Combine(Root, "infra");

    /// <summary>infra/main.bicep.</summary>
    public static string MainBicep => Path.Combine(Infra, "main.bicep");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VideoGen.sln")) && Directory.Exists(Path.Combine(dir.FullName, "infra")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No directory with VideoGen.sln and infra/ above '{AppContext.BaseDirectory}'.");
    }
}
