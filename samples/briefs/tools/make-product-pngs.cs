// Draws the sample product photos (RGBA on a transparent background) and writes them as PNG.
// Run from the repository root:  dotnet run samples/briefs/tools/make-product-pngs.cs
// Self-contained on purpose (a file-based app): its own PNG encoder with a hand-written CRC-32, zlib from
// System.IO.Compression; shapes are signed-distance tests supersampled 4×4 for smooth edges.
using System.IO.Compression;

const int Size = 512;
string root = args.Length > 0 ? args[0] : "samples/briefs";
Write(Path.Combine(root, "launch-16x9", "product.png"), Draw(Bottle));
Write(Path.Combine(root, "social-9x16", "product.png"), Draw(Sneaker));

// A bottle: teal body with a white label band, a neck and an orange cap.
static (byte R, byte G, byte B)? Bottle(double x, double y)
{
    if (RoundRect(x, y, 226, 60, 286, 110, 8)) return Rgb(0xF46036);      // cap
    if (RoundRect(x, y, 236, 104, 276, 170, 6)) return Rgb(0x147A6F);     // neck
    if (Ellipse(x, y, 256, 215, 86, 60) && y <= 215 || RoundRect(x, y, 170, 215, 342, 300, 0) || RoundRect(x, y, 170, 215, 342, 460, 36))
    {
        return y is > 280 and < 360 ? Rgb(0xFAFAF5) : Rgb(0x1B998B); // label band / body
    }

    return null;
}

// A sneaker side view: white sole, indigo upper, orange stripe and heel tab.
static (byte R, byte G, byte B)? Sneaker(double x, double y)
{
    if (RoundRect(x, y, 60, 330, 460, 372, 20)) return Rgb(0xF2F2F2);     // sole
    bool upper = Ellipse(x, y, 300, 330, 170, 110) && y < 335 && x > 150
        || RoundRect(x, y, 70, 250, 230, 335, 40);
    if (!upper) return null;
    if (Math.Abs((y - 330) + (x - 160) * 0.45) < 12 && x > 160 && x < 400) return Rgb(0xF46036); // stripe
    if (x > 420 && y > 250) return Rgb(0xF46036);                         // heel tab
    return Rgb(0x2E3192);
}

static (byte R, byte G, byte B) Rgb(int hex) => ((byte)(hex >> 16), (byte)(hex >> 8), (byte)hex);

static bool Ellipse(double x, double y, double cx, double cy, double rx, double ry)
    => ((x - cx) * (x - cx) / (rx * rx)) + ((y - cy) * (y - cy) / (ry * ry)) <= 1;

static bool RoundRect(double x, double y, double x0, double y0, double x1, double y1, double r)
{
    double dx = Math.Max(Math.Max(x0 + r - x, x - (x1 - r)), 0), dy = Math.Max(Math.Max(y0 + r - y, y - (y1 - r)), 0);
    return x >= x0 && x <= x1 && y >= y0 && y <= y1 && (dx * dx) + (dy * dy) <= r * r;
}

static byte[] Draw(Func<double, double, (byte R, byte G, byte B)?> shape)
{
    var rgba = new byte[Size * Size * 4];
    for (int py = 0; py < Size; py++)
    {
        for (int px = 0; px < Size; px++)
        {
            int hits = 0, r = 0, g = 0, b = 0;
            for (int s = 0; s < 16; s++)
            {
                if (shape(px + ((s % 4) + 0.5) / 4, py + ((s / 4) + 0.5) / 4) is { } c)
                {
                    hits++; r += c.R; g += c.G; b += c.B;
                }
            }

            if (hits == 0) continue;
            int o = ((py * Size) + px) * 4;
            rgba[o] = (byte)(r / hits); rgba[o + 1] = (byte)(g / hits); rgba[o + 2] = (byte)(b / hits);
            rgba[o + 3] = (byte)(hits * 255 / 16);
        }
    }

    return rgba;
}

static void Write(string path, byte[] rgba)
{
    var raw = new MemoryStream();
    for (int y = 0; y < Size; y++)
    {
        raw.WriteByte(0); // filter: none
        raw.Write(rgba, y * Size * 4, Size * 4);
    }

    var idat = new MemoryStream();
    using (var z = new ZLibStream(idat, CompressionLevel.SmallestSize, leaveOpen: true)) raw.WriteTo(z);
    var ihdr = new byte[13];
    BigEndian(ihdr, 0, Size); BigEndian(ihdr, 4, Size);
    ihdr[8] = 8; ihdr[9] = 6; // 8-bit RGBA
    using var file = File.Create(path);
    file.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
    Chunk(file, "IHDR", ihdr); Chunk(file, "IDAT", idat.ToArray()); Chunk(file, "IEND", []);
    Console.WriteLine($"{path}: {file.Length} bytes");
}

static void Chunk(Stream s, string type, byte[] data)
{
    var head = new byte[8];
    BigEndian(head, 0, (uint)data.Length);
    for (int i = 0; i < 4; i++) head[4 + i] = (byte)type[i];
    s.Write(head); s.Write(data);
    uint crc = Crc32(Crc32(0xFFFFFFFF, head.AsSpan(4)), data) ^ 0xFFFFFFFF;
    var tail = new byte[4];
    BigEndian(tail, 0, crc);
    s.Write(tail);
}

static uint Crc32(uint crc, ReadOnlySpan<byte> data)
{
    foreach (byte b in data)
    {
        crc ^= b;
        for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
    }

    return crc;
}

static void BigEndian(byte[] buffer, int offset, uint value)
{
    buffer[offset] = (byte)(value >> 24); buffer[offset + 1] = (byte)(value >> 16);
    buffer[offset + 2] = (byte)(value >> 8); buffer[offset + 3] = (byte)value;
}
