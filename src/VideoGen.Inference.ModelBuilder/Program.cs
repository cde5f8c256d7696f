using VideoGen.Inference.ReferenceModels;

// Writes the reference stand-in models and models.json into the folder given as the only argument.
if (args.Length != 1 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("usage: dotnet run --project src/VideoGen.Inference.ModelBuilder -- OUTDIR");
    Console.Error.WriteLine("Writes the reference ONNX models and their manifest (models.json) into OUTDIR.");
    return 2;
}

var manifest = ReferenceModelSet.WriteAll(args[0]);
foreach (var model in manifest.Models)
{
    Console.WriteLine($"{model.Name} {model.Version} {model.Tier} {model.Sha256} {manifest.ResolvePath(model)}");
}
Console.WriteLine($"manifest {Path.Combine(manifest.BaseDirectory, ReferenceModelSet.ManifestFileName)}");
return 0;
