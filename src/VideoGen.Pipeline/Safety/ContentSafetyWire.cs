using System.Text.Json.Serialization;

namespace VideoGen.Pipeline.Safety;

// Wire contract of the Content Safety REST API 2024-09-01 (text:analyze, image:analyze, error body).
internal sealed record TextAnalyzeBody(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("categories"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Categories,
    [property: JsonPropertyName("blocklistNames"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? BlocklistNames,
    [property: JsonPropertyName("haltOnBlocklistHit"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? HaltOnBlocklistHit,
    [property: JsonPropertyName("outputType")] string OutputType);

internal sealed record ImageData([property: JsonPropertyName("content")] string Content);

internal sealed record ImageAnalyzeBody(
    [property: JsonPropertyName("image")] ImageData Image,
    [property: JsonPropertyName("categories"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Categories,
    [property: JsonPropertyName("outputType")] string OutputType);

internal sealed record WireCategory(
    [property: JsonPropertyName("category")] string? Category,
    [property: JsonPropertyName("severity")] int? Severity);

internal sealed record WireBlocklistMatch(
    [property: JsonPropertyName("blocklistName")] string? BlocklistName,
    [property: JsonPropertyName("blocklistItemId")] string? BlocklistItemId,
    [property: JsonPropertyName("blocklistItemText")] string? BlocklistItemText);

internal sealed record AnalyzeResponse(
    [property: JsonPropertyName("blocklistsMatch")] IReadOnlyList<WireBlocklistMatch>? BlocklistsMatch,
    [property: JsonPropertyName("categoriesAnalysis")] IReadOnlyList<WireCategory>? CategoriesAnalysis);

internal sealed record WireError(
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("message")] string? Message);

internal sealed record ErrorResponse([property: JsonPropertyName("error")] WireError? Error);

[JsonSerializable(typeof(TextAnalyzeBody))]
[JsonSerializable(typeof(ImageAnalyzeBody))]
[JsonSerializable(typeof(AnalyzeResponse))]
[JsonSerializable(typeof(ErrorResponse))]
internal sealed partial class ContentSafetyJson : JsonSerializerContext;
