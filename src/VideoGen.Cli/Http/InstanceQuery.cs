using System.Globalization;
using System.Text;

namespace VideoGen.Cli.Http;

/// <summary>Filters for <c>GET .../instances</c>.</summary>
internal sealed record InstanceQuery(
    IReadOnlyList<string> RuntimeStatuses,
    string? InstanceIdPrefix,
    DateTimeOffset? CreatedFrom,
    DateTimeOffset? CreatedTo,
    int? Top)
{
    /// <summary>The query string, starting with '?' (or empty).</summary>
    public string ToQueryString()
    {
        var parts = new List<string>();
        if (RuntimeStatuses.Count > 0)
        {
            parts.Add("runtimeStatus=" + Uri.EscapeDataString(string.Join(',', RuntimeStatuses)));
        }

        if (CreatedFrom is { } from)
        {
            parts.Add("createdTimeFrom=" + Uri.EscapeDataString(from.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)));
        }

        if (CreatedTo is { } to)
        {
            parts.Add("createdTimeTo=" + Uri.EscapeDataString(to.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)));
        }

        if (!string.IsNullOrEmpty(InstanceIdPrefix))
        {
            parts.Add("instanceIdPrefix=" + Uri.EscapeDataString(InstanceIdPrefix));
        }

        if (Top is { } top)
        {
            parts.Add("top=" + top.ToString(CultureInfo.InvariantCulture));
        }

        return parts.Count == 0 ? string.Empty : new StringBuilder("?").AppendJoin('&', parts).ToString();
    }
}

/// <summary>One page of a list query.</summary>
internal sealed record InstancePage(IReadOnlyList<InstanceStatus> Instances, string? ContinuationToken);
