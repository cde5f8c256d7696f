using Azure.Data.Tables;

namespace VideoGen.Durable.Storage;

/// <summary>Maps engine rows to table entities. Property names are what operators see in Storage Explorer.</summary>
internal static class TableMapping
{
    public static TableEntity ToEntity(string instanceId, HistoryRow row) => new(instanceId, row.RowKey)
    {
        ["ExecutionId"] = row.ExecutionId,
        ["Sequence"] = row.Sequence,
        ["EventType"] = row.EventType,
        ["Data"] = row.Data,
        ["DataBlob"] = row.DataBlob,
    };

    public static HistoryRow ToHistoryRow(TableEntity e) => new(
        e.GetString("ExecutionId") ?? "",
        e.GetInt32("Sequence") ?? -1,
        e.GetString("EventType") ?? "",
        e.GetString("Data"),
        e.GetString("DataBlob"));

    /// <summary>The sentinel carries the instance row's columns plus its own commit-point columns.</summary>
    public static TableEntity ToEntity(string instanceId, string rowKey, SentinelRow s)
    {
        TableEntity e = ToEntity(s.ToInstanceRow(instanceId));
        e.RowKey = rowKey;
        e["EventCount"] = s.EventCount;
        e["Episode"] = s.Episode;
        e["DispatchFrom"] = s.DispatchFrom;
        e["DispatchTo"] = s.DispatchTo;
        return e;
    }

    public static SentinelRow ToSentinel(TableEntity e)
    {
        InstanceRow r = ToInstanceRow(e);
        return new SentinelRow
        {
            ExecutionId = r.ExecutionId ?? "",
            Name = r.Name,
            Status = r.Status,
            EventCount = e.GetInt32("EventCount") ?? 0,
            Episode = e.GetInt32("Episode") ?? 0,
            CreatedAt = r.CreatedAt,
            LastUpdatedAt = r.LastUpdatedAt,
            CompletedAt = r.CompletedAt,
            Input = r.Input,
            Output = r.Output,
            CustomStatus = r.CustomStatus,
            FailureJson = r.FailureJson,
            DispatchFrom = e.GetInt32("DispatchFrom") ?? -1,
            DispatchTo = e.GetInt32("DispatchTo") ?? -1,
            ETag = e.ETag,
        };
    }

    public static TableEntity ToEntity(InstanceRow r) => new(r.InstanceId, "")
    {
        ["Name"] = r.Name,
        ["RuntimeStatus"] = r.Status.ToString(),
        ["ExecutionId"] = r.ExecutionId,
        ["CreatedTime"] = r.CreatedAt,
        ["LastUpdatedTime"] = r.LastUpdatedAt,
        ["CompletedTime"] = r.CompletedAt,
        ["Input"] = r.Input,
        ["Output"] = r.Output,
        ["CustomStatus"] = r.CustomStatus,
        ["FailureDetails"] = r.FailureJson,
    };

    public static InstanceRow ToInstanceRow(TableEntity e) => new()
    {
        InstanceId = e.PartitionKey,
        Name = e.GetString("Name") ?? "",
        Status = Enum.Parse<OrchestrationRuntimeStatus>(e.GetString("RuntimeStatus") ?? nameof(OrchestrationRuntimeStatus.Pending)),
        ExecutionId = e.GetString("ExecutionId"),
        CreatedAt = e.GetDateTimeOffset("CreatedTime") ?? default,
        LastUpdatedAt = e.GetDateTimeOffset("LastUpdatedTime") ?? default,
        CompletedAt = e.GetDateTimeOffset("CompletedTime"),
        Input = e.GetString("Input"),
        Output = e.GetString("Output"),
        CustomStatus = e.GetString("CustomStatus"),
        FailureJson = e.GetString("FailureDetails"),
    };
}
