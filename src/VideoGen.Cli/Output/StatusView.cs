using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using VideoGen.Cli.Http;

namespace VideoGen.Cli.Output;

/// <summary>Human-readable renderings of instance statuses: the summary table, history, list rows and one-line progress.</summary>
internal static class StatusView
{
    /// <summary>A two-column summary of one instance.</summary>
    public static Table Summary(InstanceStatus s)
    {
        var p = s.Progress;
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Field").AddColumn("Value");
        Add(table, "Instance", s.InstanceId);
        Add(table, "Orchestration", s.Name);
        Add(table, "Status", s.RuntimeStatus);
        Add(table, "Stage", p.Stage);
        Add(table, "Progress", p.Percent is { } pct ? $"{pct:0}%" : null);
        Add(table, "Chunks", p.Chunks);
        Add(table, "Message", p.Message);
        Add(table, "Time to preview", p.TimeToPreviewSeconds is { } t ? $"{t:0.0} s" : null);
        Add(table, "Cost so far", p.CostSoFar is { } c ? c.ToString("0.0000", CultureInfo.InvariantCulture) : null);
        Add(table, "Created", s.CreatedTime);
        Add(table, "Last updated", s.LastUpdatedTime);
        if (s.RuntimeStatus is "Failed" or "Terminated")
        {
            Add(table, "Reason", s.FailureReason);
        }
        else if (s.Output is { } output)
        {
            Add(table, "Output", Shorten(Json.Text(output), 2000));
        }

        return table;
    }

    /// <summary>The history events: type, timestamp and the most telling other field.</summary>
    public static Table History(IReadOnlyList<JsonElement> events)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("#").AddColumn("Event").AddColumn("Timestamp").AddColumn("Detail");
        var i = 0;
        foreach (var e in events)
        {
            var detail = Json.String(e, "Name") ?? Json.String(e, "FunctionName") ?? Json.String(e, "Reason") ?? string.Empty;
            table.AddRow(
                Markup.Escape((++i).ToString(CultureInfo.InvariantCulture)),
                Markup.Escape(Json.String(e, "EventType") ?? "?"),
                Markup.Escape(Json.String(e, "Timestamp") ?? string.Empty),
                Markup.Escape(Shorten(detail, 80)));
        }

        return table;
    }

    /// <summary>One row per instance.</summary>
    public static Table List(IEnumerable<InstanceStatus> instances)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Instance").AddColumn("Status").AddColumn("Stage").AddColumn("Progress").AddColumn("Created").AddColumn("Last updated");
        foreach (var s in instances)
        {
            var p = s.Progress;
            table.AddRow(
                Markup.Escape(s.InstanceId),
                Markup.Escape(s.RuntimeStatus),
                Markup.Escape(p.Stage ?? string.Empty),
                Markup.Escape(p.Percent is { } pct ? $"{pct:0}%" : string.Empty),
                Markup.Escape(s.CreatedTime ?? string.Empty),
                Markup.Escape(s.LastUpdatedTime ?? string.Empty));
        }

        return table;
    }

    /// <summary>"Running  render-preview  40%  chunks 2/5  rendering" — what watch prints when not on a terminal.</summary>
    public static string ProgressLine(InstanceStatus s)
    {
        var p = s.Progress;
        var parts = new List<string> { s.RuntimeStatus };
        if (p.Stage is not null)
        {
            parts.Add(p.Stage);
        }

        if (p.Percent is { } pct)
        {
            parts.Add($"{pct:0}%");
        }

        if (p.Chunks is { } chunks)
        {
            parts.Add($"chunks {chunks}");
        }

        if (!string.IsNullOrWhiteSpace(p.Message))
        {
            parts.Add(p.Message);
        }

        return string.Join("  ", parts);
    }

    private static void Add(Table table, string field, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            table.AddRow(Markup.Escape(field), Markup.Escape(value));
        }
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
