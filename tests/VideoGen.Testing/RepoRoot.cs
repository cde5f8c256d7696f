namespace VideoGen.Testing;

/// <summary>
/// Locates the repository root: the nearest directory, walking up from the running assembly, that holds
/// <c>package.json</c> and an installed <c>node_modules/.bin/azurite</c>.
/// </summary>
public static class RepoRoot
{
    private static readonly Lazy<string> Root = new(Find, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The repository root directory (found once, then cached).</summary>
    /// <exception cref="InvalidOperationException">No such directory; the message says to run <c>npm ci</c>.</exception>
    public static string Path => Root.Value;

    /// <summary>Full path of the pinned Azurite launcher, <c>node_modules/.bin/azurite</c>.</summary>
    public static string AzuriteLauncher => AzuriteLauncherUnder(Path);

    private static string AzuriteLauncherUnder(string dir) =>
        System.IO.Path.Combine(dir, "node_modules", ".bin", "azurite");

    private static string Find()
    {
        var starts = new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() };
        foreach (var start in starts)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "package.json")) &&
                    File.Exists(AzuriteLauncherUnder(dir.FullName)))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException(
            "Could not find the repository root (a directory with package.json and node_modules/.bin/azurite) " +
            $"above '{AppContext.BaseDirectory}' or '{Directory.GetCurrentDirectory()}'. " +
            "Install the pinned local services first: run `npm ci` at the repository root (test.sh and run.sh do this).");
    }
}
