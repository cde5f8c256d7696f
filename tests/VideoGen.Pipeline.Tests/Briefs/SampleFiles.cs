namespace VideoGen.Pipeline.Tests.Briefs;

/// <summary>Finds <c>samples/briefs</c> by walking up from the test assembly.</summary>
internal static class SampleFiles
{
    public static string Directory(string sample)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "samples", "briefs", sample);
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"samples/briefs/{sample} not found above {AppContext.BaseDirectory}.");
    }

    public static byte[] Read(string sample, string file) => File.ReadAllBytes(Path.Combine(Directory(sample), file));
}
