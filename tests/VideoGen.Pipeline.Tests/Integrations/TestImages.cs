using System.Buffers.Binary;

namespace VideoGen.Pipeline.Tests.Integrations;

/// <summary>Image headers of a chosen size (the client reads only headers; the fake service does not decode pixels).</summary>
internal static class TestImages
{
    public static byte[] Png(int width, int height, int totalBytes = 64)
    {
        var bytes = new byte[Math.Max(totalBytes, 33)];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' }.CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(16), (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(20), (uint)height);
        bytes[24] = 8;
        bytes[25] = 2;
        return bytes;
    }

    public static byte[] Jpeg(int width, int height)
    {
        // SOI, APP0 (16 bytes), SOF0 with the size, EOI.
        var bytes = new List<byte> { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10 };
        bytes.AddRange(new byte[14]);
        bytes.AddRange([0xFF, 0xC0, 0x00, 0x11, 0x08, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 0x03]);
        bytes.AddRange(new byte[9]);
        bytes.AddRange([0xFF, 0xD9]);
        return bytes.ToArray();
    }
}
