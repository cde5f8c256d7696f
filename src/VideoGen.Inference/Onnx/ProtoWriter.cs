using System.Buffers.Binary;
using System.Text;

namespace VideoGen.Inference.Onnx;

/// <summary>
/// A minimal protocol-buffers wire-format encoder: varints, length-delimited fields and fixed32 floats.
/// It writes just enough of the format to serialize ONNX <c>ModelProto</c> messages; it never reads.
/// </summary>
/// <remarks>
/// Repeated scalar fields are written unpacked (one tag per element), which every protobuf parser accepts for
/// both proto2 and proto3 definitions.
/// </remarks>
public sealed class ProtoWriter
{
    private const int WireVarint = 0;
    private const int WireLengthDelimited = 2;
    private const int WireFixed32 = 5;

    private readonly List<byte> _buffer = [];

    /// <summary>Number of bytes written so far.</summary>
    public int Length => _buffer.Count;

    /// <summary>Returns a copy of the bytes written so far.</summary>
    public byte[] ToArray() => [.. _buffer];

    /// <summary>Writes a base-128 varint (no tag).</summary>
    public void WriteRawVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.Add((byte)(value | 0x80));
            value >>= 7;
        }
        _buffer.Add((byte)value);
    }

    /// <summary>Writes an <c>int64</c> field. Negative values take ten bytes, as the protobuf spec requires.</summary>
    public void WriteInt64(int field, long value)
    {
        WriteTag(field, WireVarint);
        WriteRawVarint(unchecked((ulong)value));
    }

    /// <summary>Writes an <c>int32</c> or enum field (negative values are sign-extended to 64 bits).</summary>
    public void WriteInt32(int field, int value) => WriteInt64(field, value);

    /// <summary>Writes a <c>float</c> field as fixed32 little-endian.</summary>
    public void WriteFloat(int field, float value)
    {
        WriteTag(field, WireFixed32);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        foreach (var b in bytes)
        {
            _buffer.Add(b);
        }
    }

    /// <summary>Writes a UTF-8 <c>string</c> field.</summary>
    public void WriteString(int field, string value) => WriteBytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>Writes a <c>bytes</c> field.</summary>
    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, WireLengthDelimited);
        WriteRawVarint((ulong)value.Length);
        foreach (var b in value)
        {
            _buffer.Add(b);
        }
    }

    /// <summary>Writes an embedded message field whose body is produced by <paramref name="writeBody"/>.</summary>
    public void WriteMessage(int field, Action<ProtoWriter> writeBody)
    {
        ArgumentNullException.ThrowIfNull(writeBody);
        var body = new ProtoWriter();
        writeBody(body);
        WriteTag(field, WireLengthDelimited);
        WriteRawVarint((ulong)body._buffer.Count);
        _buffer.AddRange(body._buffer);
    }

    private void WriteTag(int field, int wireType)
    {
        if (field <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(field), field, "Protobuf field numbers start at 1.");
        }
        WriteRawVarint(((ulong)field << 3) | (uint)wireType);
    }
}
