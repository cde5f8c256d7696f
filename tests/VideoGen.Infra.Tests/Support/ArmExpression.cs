using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace VideoGen.Infra.Tests.Support;

/// <summary>
/// Evaluates the few ARM template expressions a bicep snapshot leaves in values that are in fact known before
/// deployment: string literals, <c>format</c>, <c>concat</c>, <c>toLower</c> and <c>environment()</c> (public Azure
/// cloud). Anything else (<c>reference</c>, <c>listKeys</c>, parameters) is a deployment-time value: null, or with
/// <see cref="ResolveSymbolic"/> a placeholder naming where the value comes from.
/// </summary>
public static class ArmExpression
{
    /// <summary>The public cloud's <c>environment()</c> suffixes used by the templates.</summary>
    private static readonly JsonObject PublicCloud = new()
    {
        ["name"] = "AzureCloud",
        ["suffixes"] = new JsonObject
        {
            ["storage"] = "core.windows.net",
            ["keyvaultDns"] = ".vault.azure.net",
            ["acrLoginServer"] = ".azurecr.io",
        },
    };

    /// <summary>The value of a snapshot string: itself when it is not an expression, else the evaluated string or null.</summary>
    public static string? Resolve(string? value) => Resolve(value, symbolic: false);

    /// <summary>
    /// Like <see cref="Resolve"/>, but a value read from a resource at deployment time becomes a placeholder that
    /// names its source: <c>reference('{id}', …).clientId</c> → <c>{{reference({id}).clientId}}</c>,
    /// <c>listKeys('{id}', …).systemKeys.x</c> → <c>{{listKeys({id}).systemKeys.x}}</c>. So a test can read which
    /// identity's client id or which key a setting carries without Azure. Parameters stay unknown (null).
    /// </summary>
    public static string? ResolveSymbolic(string? value) => Resolve(value, symbolic: true);

    private static string? Resolve(string? value, bool symbolic)
    {
        if (value is null || !value.StartsWith('[') || !value.EndsWith(']') || value.StartsWith("[[", StringComparison.Ordinal))
        {
            return value;
        }

        try
        {
            var parser = new Parser(value[1..^1], symbolic);
            JsonNode? result = parser.ParseExpression();
            parser.ExpectEnd();
            return Symbol(result) is { } symbol ? Placeholder(symbol)
                : result is JsonValue v && v.TryGetValue(out string? s) ? s : result?.ToJsonString();
        }
        catch (UnknownValueException)
        {
            return null;
        }
    }

    /// <summary>Marks a deployment-time value in symbolic mode: an object with this one key, the value's source.</summary>
    private const string SymbolKey = "$symbol";

    private static string? Symbol(JsonNode? node) =>
        node is JsonObject o && o.Count == 1 && o.TryGetPropertyValue(SymbolKey, out JsonNode? s) ? (string?)s : null;

    private static JsonObject NewSymbol(string symbol) => new() { [SymbolKey] = symbol };

    private static string Placeholder(string symbol) => "{{" + symbol + "}}";

    private sealed class UnknownValueException : Exception;

    private sealed class Parser(string text, bool symbolic)
    {
        private int _pos;

        public void ExpectEnd()
        {
            SkipSpace();
            if (_pos != text.Length)
            {
                throw new FormatException($"Unexpected '{text[_pos..]}' in expression [{text}].");
            }
        }

        public JsonNode? ParseExpression()
        {
            SkipSpace();
            JsonNode? value = Peek() == '\'' ? JsonValue.Create(ParseString()) : char.IsDigit(Peek()) ? JsonValue.Create(ParseNumber()) : ParseCall();
            while (true)
            {
                SkipSpace();
                if (Peek() == '.')
                {
                    _pos++;
                    value = Member(value, ParseIdentifier());
                }
                else if (Peek() == '[')
                {
                    _pos++;
                    JsonNode? key = ParseExpression();
                    Expect(']');
                    value = Member(value, key?.ToString() ?? throw new UnknownValueException());
                }
                else
                {
                    return value;
                }
            }
        }

        private static JsonNode? Member(JsonNode? value, string name) =>
            Symbol(value) is { } symbol ? NewSymbol($"{symbol}.{name}")
            : value is JsonObject o && o.TryGetPropertyValue(name, out JsonNode? m) ? m : throw new UnknownValueException();

        private JsonNode? ParseCall()
        {
            string name = ParseIdentifier();
            Expect('(');
            var args = new List<JsonNode?>();
            SkipSpace();
            if (Peek() != ')')
            {
                do
                {
                    args.Add(ParseExpression());
                    SkipSpace();
                }
                while (TryConsume(','));
            }

            Expect(')');
            string Str(int i) => Symbol(args[i]) is { } symbol ? Placeholder(symbol)
                : args[i] is JsonValue v && v.TryGetValue(out string? s) ? s : args[i]?.ToJsonString() ?? throw new UnknownValueException();
            return name.ToLowerInvariant() switch
            {
                "reference" when symbolic && args.Count >= 1 => NewSymbol($"reference({Str(0)})"),
                "listkeys" when symbolic && args.Count >= 1 => NewSymbol($"listKeys({Str(0)})"),
                "environment" => PublicCloud.DeepClone(),
                "format" => JsonValue.Create(string.Format(CultureInfo.InvariantCulture, Str(0), Enumerable.Range(1, args.Count - 1).Select(i => (object)Str(i)).ToArray())),
                "concat" => JsonValue.Create(string.Concat(Enumerable.Range(0, args.Count).Select(Str))),
                "tolower" => JsonValue.Create(Str(0).ToLowerInvariant()),
                _ => throw new UnknownValueException(),
            };
        }

        private string ParseIdentifier()
        {
            SkipSpace();
            int start = _pos;
            while (_pos < text.Length && (char.IsLetterOrDigit(text[_pos]) || text[_pos] == '_'))
            {
                _pos++;
            }

            return _pos > start ? text[start.._pos] : throw new FormatException($"Identifier expected at {start} in [{text}].");
        }

        private string ParseString()
        {
            Expect('\'');
            var sb = new StringBuilder();
            while (true)
            {
                if (_pos >= text.Length)
                {
                    throw new FormatException($"Unterminated string in [{text}].");
                }

                char c = text[_pos++];
                if (c == '\'')
                {
                    if (Peek() != '\'')
                    {
                        return sb.ToString();
                    }

                    _pos++;
                }

                sb.Append(c);
            }
        }

        private long ParseNumber()
        {
            int start = _pos;
            while (_pos < text.Length && char.IsDigit(text[_pos]))
            {
                _pos++;
            }

            return long.Parse(text[start.._pos], CultureInfo.InvariantCulture);
        }

        private char Peek() => _pos < text.Length ? text[_pos] : '\0';

        private bool TryConsume(char c)
        {
            SkipSpace();
            if (Peek() != c)
            {
                return false;
            }

            _pos++;
            return true;
        }

        private void Expect(char c)
        {
            if (!TryConsume(c))
            {
                throw new FormatException($"'{c}' expected at {_pos} in [{text}].");
            }
        }

        private void SkipSpace()
        {
            while (_pos < text.Length && text[_pos] == ' ')
            {
                _pos++;
            }
        }
    }
}
