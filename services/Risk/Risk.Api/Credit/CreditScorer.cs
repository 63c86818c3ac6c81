using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;

namespace Jade.Risk.Credit;

/// <summary>A reason the applicant scored worse: the field, its code, and its share of everything that moved the
/// tree model's score for this applicant (0.25 = a quarter of the evidence, all of it towards default).</summary>
public sealed record CreditReason(string Code, string Feature, decimal Effect);

public sealed record CreditScore(decimal ProbabilityOfDefault, string Grade, string Decision, IReadOnlyList<CreditReason> Reasons, string ModelVersion);

public static class CreditDecisions
{
    public const string Approve = "approve";
    public const string Refer = "refer";
    public const string Decline = "decline";
}

/// <summary>
/// Scores in process. <see cref="PredictionEngine{TSrc,TDst}"/> holds mutable buffers and is not thread-safe, so
/// requests borrow one from a pool instead of sharing one or building one per call (which costs far more than a score).
/// </summary>
public sealed class CreditScorer
{
    public const int MaxReasons = 3;

    private readonly CreditModel _model;
    private readonly ObjectPool<PredictionEngine<CreditRow, CreditPrediction>> _engines;

    public CreditScorer(CreditModel model)
    {
        _model = model;
        _engines = new DefaultObjectPoolProvider { MaximumRetained = Environment.ProcessorCount * 2 }
            .Create(new EnginePolicy(model));
    }

    public CreditModelReport Report => _model.Report;

    public CreditScore Score(LoanApplication application)
    {
        var engine = _engines.Get();
        CreditPrediction prediction;
        try
        {
            prediction = engine.Predict(CreditRow.From(application));
        }
        finally
        {
            _engines.Return(engine);
        }

        var report = _model.Report;
        var pd = Math.Clamp((double)prediction.ProbabilityOfDefault, 0, 1);
        var grade = report.Grades.First(g => g.UpperPd is not { } upper || pd < upper).Grade;
        var decision = pd < report.Refer.Lower ? CreditDecisions.Approve
            : pd < report.Refer.Upper ? CreditDecisions.Refer
            : CreditDecisions.Decline;
        return new CreditScore(Math.Round((decimal)pd, 4, MidpointRounding.ToEven), grade, decision, Reasons(prediction.FeatureContributions),
            report.ModelVersion);
    }

    /// <summary>Slot contributions summed per field (a category's one-hot slots, the amount's three forms), as a
    /// share of their total magnitude, and the fields that raised the risk most, largest first. FastTree's raw
    /// contributions are in its internal score units, which mean nothing to a reader; shares compare across applicants.</summary>
    private List<CreditReason> Reasons(float[] contributions)
    {
        var byFeature = new Dictionary<CreditFeature, double>();
        for (var slot = 0; slot < contributions.Length && slot < _model.SlotFeatures.Count; slot++)
        {
            var feature = _model.SlotFeatures[slot];
            byFeature[feature] = byFeature.GetValueOrDefault(feature) + contributions[slot];
        }
        var total = byFeature.Values.Sum(Math.Abs);
        if (total <= 0) return [];
        return byFeature.Select(kv => (kv.Key, Share: Math.Round((decimal)(kv.Value / total), 4, MidpointRounding.ToEven)))
            .Where(r => r.Share > 0)
            .OrderByDescending(r => r.Share)
            .Take(MaxReasons)
            .Select(r => new CreditReason(r.Key.ReasonCode, r.Key.Field, r.Share))
            .ToList();
    }

    private sealed class EnginePolicy(CreditModel model) : PooledObjectPolicy<PredictionEngine<CreditRow, CreditPrediction>>
    {
        public override PredictionEngine<CreditRow, CreditPrediction> Create() =>
            model.Context.Model.CreatePredictionEngine<CreditRow, CreditPrediction>(model.Transformer);

        public override bool Return(PredictionEngine<CreditRow, CreditPrediction> engine) => true;
    }
}
