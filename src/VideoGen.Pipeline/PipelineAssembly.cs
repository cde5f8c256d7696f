namespace VideoGen.Pipeline;

/// <summary>Marker for the pipeline assembly (resource lookups, DI scanning).</summary>
public static class PipelineAssembly
{
    /// <summary>The assembly holding the domain types and embedded schemas.</summary>
    public static System.Reflection.Assembly Assembly => typeof(PipelineAssembly).Assembly;
}
