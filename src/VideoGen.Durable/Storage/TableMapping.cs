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

    public static TableEntity ToEntity(string instanceId, string rowKey, SentinelRow s) => new(instanceId, rowKey)
    {
        ["ExecutionId"] = s.ExecutionId,
        ["Name"] = s.Name,
        ["RuntimeStatus"] = s.Status.ToString(),
        ["EventCount"] = s.EventCount,
        ["Episode"] = s.Episode,
        ["CreatedTime"] = s.CreatedAt,
        ["LastUpdatedTime"] = s.LastUpdatedAt,
        ["CompletedTime"] = s.CompletedAt,
        ["Input"] = s.Input,
        ["Output"] = s.Output,
        ["CustomStatus"] = s.CustomStatus,
        ["FailureDetails"] = s.FailureJson,
        ["DispatchFrom"] = s.DispatchFrom,
        ["DispatchTo"] = s.DispatchTo,
    };

    public static SentinelRow ToSentinel(TableEntity e) => new()
    {
        ExecutionId = e.GetString("ExecutionId") ?? "",
        Name = e.GetString("Name") ?? "",
        Status = Enum.Parse<OrchestrationRuntimeStatus>(e.GetString("RuntimeStatus") ?? nameof(OrchestrationRuntimeStatus.Pending)),
        EventCount = e.GetInt32("EventCount") ?? 0,
        Episode = e.GetInt32("Episode") ?? 0,
        CreatedAt = e.GetDateTimeOffset("CreatedTime") ?? default,
        LastUpdatedAt = e.GetDateTimeOffset("LastUpdatedTime") ?? default,
        CompletedAt = e.GetDateTimeOffset("CompletedTime"),
        Input = e.GetString("Input"),
        Output = e.GetString("Output"),
        CustomStatus = e.GetString("CustomStatus"),
        FailureJson = e.GetString("FailureDetails"),
        DispatchFrom = e.GetInt32("DispatchFrom") ?? -1,
        DispatchTo = e.GetInt32("DispatchTo") ?? -1,
        ETag = e.ETag,
    };

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
