using System.Text.Json;
using VideoGen.Contracts;

namespace VideoGen.Cli.Briefs;

/// <summary>
/// A brief ready to upload: brief.json's bytes and the product image it names, checked locally
/// (files exist, sizes within the server's limits, the brief parses and names its image, the image is PNG or JPEG).
/// </summary>
internal sealed record BriefPackage(
    string BriefPath,
    byte[] BriefJson,
    string ImagePath,
    string ImageFileName,
    string ImageContentType,
    byte[] Image,
    string? Tenant,
    string? BriefId)
{
    /// <summary>Largest brief.json accepted (the server enforces the same).</summary>
    public const int MaxBriefBytes = 64 * 1024;

    /// <summary>Largest product image accepted (the server enforces the same).</summary>
    public const int MaxImageBytes = 10 * 1024 * 1024;

    /// <summary>Loads a brief from a folder holding brief.json, or from brief.json with an optional explicit image path.</summary>
    public static BriefPackage Load(string briefPath, string? imagePath)
    {
        if (Directory.Exists(briefPath))
        {
            if (imagePath is not null)
            {
                throw new InvalidInputException($"'{briefPath}' is a folder; give either a brief folder or the files brief.json and the image, not both.");
            }

            briefPath = Path.Combine(briefPath, BlobLayout.BriefFileName);
        }

        var briefBytes = ReadFile(briefPath, "brief", MaxBriefBytes, "64 KiB");
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(briefBytes);
            root = doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException($"The brief '{briefPath}' is not valid JSON: {ex.Message}", ex);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidInputException($"The brief '{briefPath}' must be a JSON object.");
        }

        var productImage = root.TryGetProperty("productImage", out var pi) && pi.ValueKind == JsonValueKind.String ? pi.GetString() : null;
        if (string.IsNullOrWhiteSpace(productImage))
        {
            throw new InvalidInputException($"The brief '{briefPath}' does not name its image: set \"productImage\" to the image's file name.");
        }

        if (productImage != Path.GetFileName(productImage) || productImage is "." or "..")
        {
            throw new InvalidInputException($"The brief's productImage '{productImage}' must be a plain file name, not a path.");
        }

        var tenant = OptionalString(root, "tenant");
        if (tenant is not null && !TenantId.TryParse(tenant, out _))
        {
            throw new InvalidInputException($"The brief's tenant '{tenant}' is invalid: use 3–63 lowercase letters, digits and single hyphens.");
        }

        imagePath ??= Path.Combine(Path.GetDirectoryName(Path.GetFullPath(briefPath)) ?? ".", productImage);
        var contentType = ContentTypeOf(productImage);
        var image = ReadFile(imagePath, "image", MaxImageBytes, "10 MiB");
        CheckImageSignature(image, contentType, imagePath);
        return new BriefPackage(briefPath, briefBytes, imagePath, productImage, contentType, image, tenant, OptionalString(root, "briefId"));
    }

    private static byte[] ReadFile(string path, string what, int maxBytes, string limitText)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new InvalidInputException(Directory.Exists(path)
                ? $"The {what} '{path}' is a folder, not a file."
                : $"The {what} file '{path}' does not exist.");
        }

        if (info.Length > maxBytes)
        {
            throw new InvalidInputException($"The {what} '{path}' is {info.Length:N0} bytes; the limit is {limitText}.");
        }

        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"The {what} '{path}' cannot be read: {ex.Message}", ex);
        }
    }

    private static string ContentTypeOf(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        _ => throw new InvalidInputException($"The product image '{fileName}' must be a PNG or JPEG (.png, .jpg, .jpeg)."),
    };

    private static void CheckImageSignature(byte[] image, string contentType, string path)
    {
        var ok = contentType == "image/png"
            ? image.AsSpan().StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            : image.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]);
        if (!ok)
        {
            throw new InvalidInputException($"The image '{path}' is not a {(contentType == "image/png" ? "PNG" : "JPEG")} file (its first bytes do not match).");
        }
    }

    private static string? OptionalString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
