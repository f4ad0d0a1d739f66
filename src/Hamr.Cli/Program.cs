// The `hamr` command. Verbs arrive with the pipeline; for now it reports what it is.
Console.WriteLine("hamr: 3D hand mesh recovery from a single RGB image (tensor engine stage).");
Console.WriteLine("usage: hamr --help");
return 0;
