namespace TinyNets.Diagnostics;

/// <summary>How much a finding matters: information, something to look at, or a run that cannot go well.</summary>
public enum Severity { Info, Warning, Error }

/// <summary>
/// One thing the diagnoses saw in a run: which rule, how bad, where (a step range and, where it applies, a layer),
/// what it means in plain words and what to try.
/// </summary>
public sealed record Finding(string Rule, Severity Severity, long FirstStep, long LastStep, string? Layer, string Explanation, string Fix);
