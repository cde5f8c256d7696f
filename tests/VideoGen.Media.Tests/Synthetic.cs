using System.Diagnostics;

namespace VideoGen.Media.Tests;

/// <summary>Small synthetic frames and files for the tests.</summary>
internal static class Synthetic
{
    public const int Width = 64;
    public const int Height = 48;
    public const double Fps = 24;

    /// <summary>A smoothly drifting colour pattern; <paramref name="shift"/> adds a constant to every channel.</summary>
    public static byte[] Frame(int t, int shift = 0, int width = Width, int height = Height)
    {
        var f = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int o = ((y * width) + x) * 3;
                f[o] = Clamp(128 + (90 * Math.Sin(2 * Math.PI * (x + (1.5 * t)) / 40)) + shift);
                f[o + 1] = Clamp(128 + (70 * Math.Cos(2 * Math.PI * (y + t) / 30)) + shift);
                f[o + 2] = Clamp(110 + (60 * Math.Sin(2 * Math.PI * (x + y + (2 * t)) / 50)) + shift);
            }
        }

        return f;
    }

    public static FrameSequence Clip(int frames, int start = 0, int shift = 0) =>
        new(Width, Height, Fps, Enumerable.Range(start, frames).Select(t => Frame(t, shift)).ToArray());

    public static byte[] Solid(byte r, byte g, byte b, int width = Width, int height = Height)
    {
        var f = new byte[width * height * 3];
        for (int i = 0; i < f.Length; i += 3)
        {
            (f[i], f[i + 1], f[i + 2]) = (r, g, b);
        }

        return f;
    }

    /// <summary>A product: a red/yellow disc on a plain grey backdrop, with its true mask.</summary>
    public static ProductImage Disc(int size = 16)
    {
        var rgb = new byte[size * size * 3];
        var alpha = new byte[size * size];
        double c = (size - 1) / 2.0, r = size * 0.4;
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                int p = (y * size) + x;
                bool inside = ((x - c) * (x - c)) + ((y - c) * (y - c)) <= r * r;
                alpha[p] = inside ? (byte)255 : (byte)0;
                (rgb[p * 3], rgb[(p * 3) + 1], rgb[(p * 3) + 2]) = inside
                    ? ((byte)220, (byte)(60 + (8 * y)), (byte)30)
                    : ((byte)200, (byte)200, (byte)200);
            }
        }

        return new ProductImage(size, size, rgb, new ProductMask(size, size, alpha), maskFromAlpha: true);
    }

    public static string TempPath(string extension) =>
        Path.Combine(Path.GetTempPath(), $"videogen-media-test-{Guid.NewGuid():N}{extension}");

    /// <summary>Writes raw RGBA pixels as an image file with the system ffmpeg.</summary>
    public static void WriteImage(byte[] rgba, int width, int height, string path)
    {
        var psi = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "-hide_banner", "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgba",
                     "-s", $"{width}x{height}", "-i", "-", "-frames:v", "1", "-update", "1", path })
        {
            psi.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(psi)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.BaseStream.Write(rgba);
        process.StandardInput.Close();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, stderr.Result);
    }

    private static byte Clamp(double v) => (byte)Math.Clamp(Math.Round(v), 0, 255);
}

/// <summary>Temporary files a test class writes, deleted when the class is disposed.</summary>
internal sealed class TempFiles : IDisposable
{
    private readonly List<string> _files = [];

    /// <summary>A fresh temporary path with <paramref name="extension"/>, deleted on dispose.</summary>
    public string Track(string extension)
    {
        string path = Synthetic.TempPath(extension);
        _files.Add(path);
        return path;
    }

    public void Dispose()
    {
        foreach (string file in _files)
        {
            File.Delete(file);
        }
    }
}
