using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VideoGen.Inference;

/// <summary>
/// One dimension of a tensor contract: either a fixed size (<c>3</c>) or a symbolic name (<c>"frames"</c>) that
/// takes whatever size the caller supplies, the same size everywhere the name appears in one request.
/// In JSON a fixed dimension is a number and a symbolic one is a string.
/// </summary>
[JsonConverter(typeof(TensorDimJsonConverter))]
public readonly record struct TensorDim
{
    private TensorDim(long? size, string? symbol)
    {
        Size = size;
        Symbol = symbol;
    }

    /// <summary>The fixed size, or <see langword="null"/> for a symbolic dimension.</summary>
    public long? Size { get; }

    /// <summary>The symbolic name, or <see langword="null"/> for a fixed dimension.</summary>
    public string? Symbol { get; }

    /// <summary>Whether this dimension is symbolic.</summary>
    public bool IsSymbolic => Symbol is not null;

    /// <summary>A fixed dimension of <paramref name="size"/> elements.</summary>
    public static TensorDim Fixed(long size) =>
        size >= 0 ? new TensorDim(size, null) : throw new ArgumentOutOfRangeException(nameof(size), size, "A fixed dimension is not negative.");

    /// <summary>A symbolic dimension named <paramref name="symbol"/>.</summary>
    public static TensorDim Named(string symbol) =>
        string.IsNullOrWhiteSpace(symbol) ? throw new ArgumentException("A symbolic dimension needs a name.", nameof(symbol)) : new TensorDim(null, symbol);

    /// <summary>Converts a size to a fixed dimension.</summary>
    public static implicit operator TensorDim(long size) => Fixed(size);

    /// <summary>Converts a name to a symbolic dimension.</summary>
    public static implicit operator TensorDim(string symbol) => Named(symbol);

    /// <inheritdoc />
    public override string ToString() => Symbol ?? Size!.Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Reads and writes a <see cref="TensorDim"/> as a JSON number (fixed) or string (symbolic).</summary>
internal sealed class TensorDimJsonConverter : JsonConverter<TensorDim>
{
    public override TensorDim Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Number when reader.TryGetInt64(out var size) && size >= 0 => TensorDim.Fixed(size),
            JsonTokenType.String when !string.IsNullOrWhiteSpace(reader.GetString()) => TensorDim.Named(reader.GetString()!),
            _ => throw new JsonException("A tensor dimension is a non-negative integer or a non-empty symbolic name."),
        };

    public override void Write(Utf8JsonWriter writer, TensorDim value, JsonSerializerOptions options)
    {
        if (value.Symbol is { } symbol)
        {
            writer.WriteStringValue(symbol);
        }
        else
        {
            writer.WriteNumberValue(value.Size ?? 0);
        }
    }
}
