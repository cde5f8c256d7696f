using System.Diagnostics;
using System.Text;

namespace VideoGen.Testing;

/// <summary>Small real media for tests: run the system ffmpeg, and tamper with an MP4's encoded data.</summary>
public static class TestMedia
{
    /// <summary>Runs <c>ffmpeg -v error -nostdin -y {args}</c>; throws with ffmpeg's error output if it fails.</summary>
    public static async Task RunFfmpegAsync(params string[] args)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in (string[])["-v", "error", "-nostdin", "-y", .. args])
        {
            start.ArgumentList.Add(a);
        }

        using Process p = Process.Start(start)!;
        string err = await p.StandardError.ReadToEndAsync().ConfigureAwait(false);
        await p.WaitForExitAsync().ConfigureAwait(false);
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg failed (exit {p.ExitCode}): {err}");
        }
    }

    /// <summary>Flips one byte in the middle of the first <c>mdat</c> box (encoded media, not metadata).</summary>
    /// <exception cref="InvalidOperationException">The file has no <c>mdat</c> box.</exception>
    public static void FlipByteInMdat(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        long offset = 0;
        while (offset + 8 <= file.Length)
        {
            long size = (uint)(file[offset] << 24 | file[offset + 1] << 16 | file[offset + 2] << 8 | file[offset + 3]);
            string type = Encoding.ASCII.GetString(file, (int)offset + 4, 4);
            if (type == "mdat")
            {
                file[offset + 8 + ((size - 8) / 2)] ^= 0x5A;
                File.WriteAllBytes(path, file);
                return;
            }

            offset += size;
        }

        throw new InvalidOperationException("no mdat box found");
    }
}
