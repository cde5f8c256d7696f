using VideoGen.Inference.Onnx;

namespace VideoGen.Inference.Tests;

public sealed class ProtoWriterTests
{
    [Theory]
    [InlineData(1, new byte[] { 0x08, 0x01 })]
    [InlineData(150, new byte[] { 0x08, 0x96, 0x01 })]
    [InlineData(-1, new byte[] { 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })]
    public void WriteInt64_Value_EncodesVarintWithTag(long value, byte[] expected)
    {
        var writer = new ProtoWriter();

        writer.WriteInt64(1, value);

        Assert.Equal(expected, writer.ToArray());
    }

    [Fact]
    public void WriteFloat_One_EncodesFixed32LittleEndian()
    {
        var writer = new ProtoWriter();

        writer.WriteFloat(2, 1f);

        Assert.Equal(new byte[] { 0x15, 0x00, 0x00, 0x80, 0x3F }, writer.ToArray());
    }

    [Fact]
    public void WriteMessage_NestedString_PrefixesLength()
    {
        var writer = new ProtoWriter();

        writer.WriteMessage(7, inner => inner.WriteString(1, "ab"));

        Assert.Equal(new byte[] { 0x3A, 0x04, 0x0A, 0x02, (byte)'a', (byte)'b' }, writer.ToArray());
    }

    [Fact]
    public void WriteInt64_FieldZero_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProtoWriter().WriteInt64(0, 1));
    }

    [Fact]
    public void Build_SameGraphTwice_WritesIdenticalBytes()
    {
        static byte[] Build()
        {
            var graph = new OnnxGraphBuilder("g");
            var x = graph.Input(new TensorSpec("x", TensorElementType.Float32, ["n"]));
            graph.NodeTo("Mul", [x, graph.Scalar(2f)], ["y"]);
            graph.Output(new TensorSpec("y", TensorElementType.Float32, ["n"]));
            return graph.Build("1", 1, "doubles x");
        }

        Assert.Equal(Build(), Build());
    }

    [Fact]
    public void Constant_DimsDisagreeWithData_Throws()
    {
        var graph = new OnnxGraphBuilder("g");

        Assert.Throws<ArgumentException>(() => graph.Constant([1f, 2f, 3f], 2, 2));
    }
}
