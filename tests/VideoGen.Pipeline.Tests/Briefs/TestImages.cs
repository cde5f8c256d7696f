using System.Buffers.Binary;
using System.IO.Compression;

namespace VideoGen.Pipeline.Tests.Briefs;

/// <summary>Small real PNG and JPEG byte arrays, built by hand.</summary>
internal static class TestImages
{
    /// <summary>A complete, decodable PNG (all pixels one colour). Colour type 6 = RGBA, 2 = RGB.</summary>
    public static byte[] Png(int width, int height, byte colorType = 6, bool withTrns = false)
    {
        int channels = colorType == 6 ? 4 : 3;
        var raw = new MemoryStream();
        var row = new byte[1 + (width * channels)];
        for (int i = 1; i < row.Length; i++)
        {
            row[i] = (byte)(i * 7);
        }

        for (int y = 0; y < height; y++)
        {
            raw.Write(row);
        }

        var idat = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionLevel.Fastest, leaveOpen: true))
        {
            raw.WriteTo(z);
        }

        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), (uint)height);
        ihdr[8] = 8;
        ihdr[9] = colorType;
        var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", ihdr);
        if (withTrns)
        {
            Chunk(png, "tRNS", [0, 0, 0, 0, 0, 0]);
        }

        Chunk(png, "IDAT", idat.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>SOI, APP0 (JFIF), DQT, SOFn with the given size, then SOS and EOI: enough header for the inspector.</summary>
    public static byte[] Jpeg(int width, int height, byte sof = 0xC0, int fillBytes = 0)
    {
        var jpeg = new MemoryStream();
        jpeg.Write([0xFF, 0xD8]);
        jpeg.Write([0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
        var dqt = new byte[69];
        dqt[0] = 0xFF;
        dqt[1] = 0xDB;
        dqt[3] = 67;
        jpeg.Write(dqt);
        for (int i = 0; i < fillBytes; i++)
        {
            jpeg.WriteByte(0xFF);
        }

        jpeg.Write([0xFF, sof, 0x00, 0x11, 8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        jpeg.Write([0xFF, 0xDA, 0x00, 0x08, 1, 1, 0, 0, 0x3F, 0]);
        jpeg.Write([0xFF, 0xD9]);
        return jpeg.ToArray();
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        var head = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(head, (uint)data.Length);
        for (int i = 0; i < 4; i++)
        {
            head[4 + i] = (byte)type[i];
        }

        s.Write(head);
        s.Write(data);
        var tail = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(tail, Crc32(Crc32(0xFFFFFFFF, head.AsSpan(4)), data) ^ 0xFFFFFFFF);
        s.Write(tail);
    }

    private static uint Crc32(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
            }
        }

        return crc;
    }
}
