using System.Globalization;
using System.Text;

namespace VideoGen.Pipeline.Provenance;

/// <summary>
/// Writes the canonical JSON of README.md: no whitespace, properties in the order written, strings escaping only
/// <c>"</c>, <c>\</c> and control characters, invariant number formats.
/// </summary>
internal sealed class CanonicalJsonWriter
{
    private readonly StringBuilder _text = new();
    private bool _needComma;

    public override string ToString() => _text.ToString();

    public CanonicalJsonWriter StartObject() => Open('{');

    public CanonicalJsonWriter EndObject() => Close('}');

    public CanonicalJsonWriter StartArray() => Open('[');

    public CanonicalJsonWriter EndArray() => Close(']');

    public CanonicalJsonWriter Name(string name)
    {
        Separate();
        WriteString(name);
        _text.Append(':');
        _needComma = false;
        return this;
    }

    public CanonicalJsonWriter String(string? value)
    {
        Separate();
        if (value is null)
        {
            _text.Append("null");
        }
        else
        {
            WriteString(value);
        }

        _needComma = true;
        return this;
    }

    public CanonicalJsonWriter Null() => Raw("null");

    public CanonicalJsonWriter Number(long value) => Raw(value.ToString(CultureInfo.InvariantCulture));

    public CanonicalJsonWriter Number(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ProvenanceException($"Number {value} cannot be written: manifest numbers must be finite.");
        }

        return Raw(value == 0 ? "0" : value.ToString("R", CultureInfo.InvariantCulture));
    }

    public CanonicalJsonWriter Number(decimal value)
    {
        decimal normalized = value / 1.000000000000000000000000000000000m; // drops trailing zeros: 1.50 → 1.5
        return Raw(normalized == 0 ? "0" : normalized.ToString(CultureInfo.InvariantCulture));
    }

    public CanonicalJsonWriter Timestamp(DateTimeOffset value) =>
        String(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));

    public CanonicalJsonWriter Property(string name, string? value) => Name(name).String(value);

    public CanonicalJsonWriter Property(string name, long value) => Name(name).Number(value);

    public CanonicalJsonWriter Property<T>(string name, IReadOnlyDictionary<string, T> map, Action<CanonicalJsonWriter, T> write)
    {
        Name(name).StartObject();
        foreach (KeyValuePair<string, T> pair in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Name(pair.Key);
            write(this, pair.Value);
        }

        return EndObject();
    }

    public CanonicalJsonWriter Array<T>(string name, IReadOnlyList<T> items, Action<CanonicalJsonWriter, T> write)
    {
        Name(name).StartArray();
        foreach (T item in items)
        {
            write(this, item);
        }

        return EndArray();
    }

    private CanonicalJsonWriter Raw(string token)
    {
        Separate();
        _text.Append(token);
        _needComma = true;
        return this;
    }

    private CanonicalJsonWriter Open(char c)
    {
        Separate();
        _text.Append(c);
        _needComma = false;
        return this;
    }

    private CanonicalJsonWriter Close(char c)
    {
        _text.Append(c);
        _needComma = true;
        return this;
    }

    private void Separate()
    {
        if (_needComma)
        {
            _text.Append(',');
        }
    }

    private void WriteString(string value)
    {
        _text.Append('"');
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            switch (c)
            {
                case '"': _text.Append("\\\""); break;
                case '\\': _text.Append("\\\\"); break;
                case '\b': _text.Append("\\b"); break;
                case '\f': _text.Append("\\f"); break;
                case '\n': _text.Append("\\n"); break;
                case '\r': _text.Append("\\r"); break;
                case '\t': _text.Append("\\t"); break;
                case < ' ': _text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default:
                    if (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])))
                    {
                        throw new ProvenanceException($"A manifest string contains an unpaired surrogate at position {i}.");
                    }

                    _text.Append(c);
                    if (char.IsHighSurrogate(c))
                    {
                        _text.Append(value[++i]);
                    }

                    break;
            }
        }

        _text.Append('"');
    }
}
