using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace VideoGen.EndToEnd.Tests.Infrastructure;

/// <summary>ffprobe facts of a file (the real ffprobe, as a player would read it).</summary>
public static class Media
{
    public static async Task<(string Codec, int Width, int Height, double Duration, double Fps)> ProbeAsync(string path)
    {
        var start = new ProcessStartInfo("ffprobe") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height,r_frame_rate:format=duration", "-of", "json", path })
        {
            start.ArgumentList.Add(a);
        }

        using Process p = Process.Start(start)!;
        string json = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"ffprobe failed on {path}: {await p.StandardError.ReadToEndAsync()}");
        JsonNode root = JsonNode.Parse(json)!;
        JsonNode s = root["streams"]![0]!;
        string[] rate = s["r_frame_rate"]!.GetValue<string>().Split('/');
        return (s["codec_name"]!.GetValue<string>(), s["width"]!.GetValue<int>(), s["height"]!.GetValue<int>(),
            double.Parse(root["format"]!["duration"]!.GetValue<string>(), CultureInfo.InvariantCulture),
            double.Parse(rate[0], CultureInfo.InvariantCulture) / double.Parse(rate[1], CultureInfo.InvariantCulture));
    }
}
