using System.Globalization;
using System.Text.Json;
using VideoGen.Contracts;

namespace VideoGen.Pipeline.Briefs;

/// <summary>
/// The rules JSON Schema cannot express. They read the raw document and check only values of the right type, so they
/// run alongside the schema and a brief with both kinds of mistakes gets both kinds of errors at once.
/// </summary>
internal static class BriefRules
{
    public static void Check(JsonElement root, List<BriefValidationError> errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (String(root, "tenant") is { } tenant && !TenantId.TryParse(tenant, out _))
        {
            errors.Add(new("/tenant", "tenantId", "Tenant id must be 3–63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.", null));
        }

        CheckSegment(root, "briefId", "/briefId", errors);
        CheckSegment(root, "productImage", "/productImage", errors);
        double? total = Number(root, "durationSeconds");
        CheckShots(root, total, errors);
        CheckCaptions(root, total, errors);
        CheckApprovers(root, errors);
        CheckCallback(root, errors);
    }

    private static void CheckShots(JsonElement root, double? total, List<BriefValidationError> errors)
    {
        if (!root.TryGetProperty("shots", out JsonElement shots) || shots.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        double sum = 0;
        bool allNumbers = true;
        int i = 0;
        foreach (JsonElement shot in shots.EnumerateArray())
        {
            string at = JsonPointers.Child("/shots", i++);
            if (shot.ValueKind != JsonValueKind.Object)
            {
                allNumbers = false;
                continue;
            }

            CheckSegment(shot, "id", at + "/id", errors);
            if (String(shot, "id") is { } id && !ids.Add(id))
            {
                errors.Add(new(at + "/id", "uniqueShotId", $"Shot id '{id}' is used by an earlier shot.", null));
            }

            if (Number(shot, "durationSeconds") is { } d)
            {
                sum += d;
            }
            else
            {
                allNumbers = false;
            }
        }

        if (total is { } t && allNumbers && i > 0 && Math.Abs(sum - t) > BriefLimits.DurationSumTolerance + 1e-9)
        {
            errors.Add(new(
                "/durationSeconds",
                "durationSum",
                $"durationSeconds is {F(t)} s but the shots add up to {F(sum)} s.",
                $"±{F(BriefLimits.DurationSumTolerance)} s"));
        }
    }

    private static void CheckCaptions(JsonElement root, double? total, List<BriefValidationError> errors)
    {
        if (!root.TryGetProperty("brand", out JsonElement brand) || brand.ValueKind != JsonValueKind.Object
            || !brand.TryGetProperty("captions", out JsonElement captions) || captions.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        int i = 0;
        foreach (JsonElement caption in captions.EnumerateArray())
        {
            string at = JsonPointers.Child("/brand/captions", i++);
            double? start = Number(caption, "startSeconds"), end = Number(caption, "endSeconds");
            if (start is { } s && end is { } e && e <= s)
            {
                errors.Add(new(at + "/endSeconds", "captionOrder", $"Caption ends at {F(e)} s, not after it starts ({F(s)} s).", null));
            }

            if (end is { } e2 && total is { } t && e2 > t + 1e-9)
            {
                errors.Add(new(at + "/endSeconds", "captionRange", $"Caption ends at {F(e2)} s, after the clip ends ({F(t)} s).", $"{F(t)} s"));
            }

            if (start is { } s2 && total is { } t2 && s2 >= t2)
            {
                errors.Add(new(at + "/startSeconds", "captionRange", $"Caption starts at {F(s2)} s, when the clip has ended ({F(t2)} s).", $"{F(t2)} s"));
            }
        }
    }

    private static void CheckApprovers(JsonElement root, List<BriefValidationError> errors)
    {
        if (!root.TryGetProperty("approvers", out JsonElement approvers) || approvers.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        int i = 0;
        foreach (JsonElement approver in approvers.EnumerateArray())
        {
            string at = JsonPointers.Child("/approvers", i++);
            if (String(approver, "email") is { } email && !seen.Add(email))
            {
                errors.Add(new(at + "/email", "uniqueApprover", $"Approver {email} is listed more than once.", null));
            }
        }
    }

    private static void CheckCallback(JsonElement root, List<BriefValidationError> errors)
    {
        if (!root.TryGetProperty("cmsCallback", out JsonElement callback) || String(callback, "url") is not { } url)
        {
            return;
        }

        bool ok = Uri.TryCreate(url, UriKind.Absolute, out Uri? uri)
            && string.IsNullOrEmpty(uri.UserInfo)
            && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));
        if (!ok)
        {
            errors.Add(new("/cmsCallback/url", "callbackUrl", "Callback URL must be an absolute https URL without credentials (http only to a loopback host).", null));
        }
    }

    private static void CheckSegment(JsonElement obj, string property, string pointer, List<BriefValidationError> errors)
    {
        if (String(obj, property) is not { } value)
        {
            return;
        }

        try
        {
            BlobLayout.CheckSegment(value, property);
        }
        catch (FormatException)
        {
            errors.Add(new(pointer, "pathSegment", $"{property} must be 1–128 letters, digits, '.', '_' or '-' (it becomes part of a blob path).", null));
        }
    }

    private static string? String(JsonElement obj, string property) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(property, out JsonElement v) && v.ValueKind == JsonValueKind.String
            ? v.GetString() : null;

    private static double? Number(JsonElement obj, string property) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(property, out JsonElement v) && v.ValueKind == JsonValueKind.Number
            && v.TryGetDouble(out double d) && double.IsFinite(d) ? d : null;

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
