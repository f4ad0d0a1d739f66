// The `hamr` command: thin verbs over the libraries. Each verb lives in Verbs/ and is listed once in the table
// below; `hamr --help` prints the table.
using Hamr.Cli;
using Hamr.Cli.Verbs;

Verb[] verbs =
[
    new("info", "the engine's build and what this CPU offers it (vector width, cores)", InfoVerb.Run),
    new("convert-hand", "convert the WebXR hand GLB into the open hand model asset (--glb PATH --out PATH)", ConvertHandVerb.Run),
    new("synth", "render synthetic hand crops with ground truth into a dataset folder (--count N --seed S --size 128 --out DIR)", SynthVerb.Run),
    new("export-hand", "write the open hand in a pose and shape as GLB, rigged GLB, OBJ, PLY or JSON (--out PATH)", ExportHandVerb.Run),
    new("train", "train a HAMR network from a JSON config, with checkpoints and exact resume (--config FILE --out DIR)", TrainVerb.Run),
    new("predict", "HAMR on a hand crop: overlay, mesh (GLB, OBJ), rigged GLB and JSON (IMAGE [--box x,y,w,h] [--left] --out DIR)", PredictVerb.Run),
    new("eval", "score a predictor on an annotations_mp21.json set: report.json/.md and PCK plots (--annotations FILE --out DIR)", EvalVerb.Run),
    new("render-hand", "pictures of the open hand in named or sampled poses and shapes, with keypoints (--pose NAME --out PNG)", RenderHandVerb.Run),
];

return VerbTable.Dispatch(verbs, args);
