namespace Jade.Risk.Credit;

/// <summary>One value of a categorical attribute: the code the API speaks and the label the ARFF file uses.</summary>
public sealed record CategoryCode(string Code, string ArffValue);

/// <summary>
/// A German Credit attribute as the API names it (<see cref="Field"/>, camelCase), as the ARFF file names it, and
/// the reason code reported when it raises the risk. Categorical ones carry their value codes.
/// </summary>
public sealed record CreditFeature(string Field, string ArffName, string ReasonCode, IReadOnlyList<CategoryCode>? Codes = null)
{
    public bool IsCategorical => Codes is not null;

    public string? CodeFor(string arffValue) => Codes?.FirstOrDefault(c => c.ArffValue == arffValue)?.Code;

    public bool Accepts(string code) => Codes?.Any(c => c.Code == code) ?? false;
}

/// <summary>
/// The vocabulary shared by the ARFF loader, the model and the API. The codes are ours (lower-case, no spaces) so a
/// client never has to send Weka's labels such as <c>'0&lt;=X&lt;200'</c>; amounts in the data are Deutsche Mark of 1994.
/// </summary>
public static class CreditFeatures
{
    public static readonly CreditFeature CheckingStatus = new("checkingStatus", "checking_status", "credit.checking_status",
        [new("lt0", "<0"), new("0to200", "0<=X<200"), new("ge200", ">=200"), new("none", "no checking")]);

    public static readonly CreditFeature Duration = new("durationMonths", "duration", "credit.duration");

    public static readonly CreditFeature CreditHistory = new("creditHistory", "credit_history", "credit.credit_history",
        [new("no_credits", "no credits/all paid"), new("all_paid", "all paid"), new("existing_paid", "existing paid"),
         new("delayed", "delayed previously"), new("critical", "critical/other existing credit")]);

    public static readonly CreditFeature Purpose = new("purpose", "purpose", "credit.purpose",
        [new("new_car", "new car"), new("used_car", "used car"), new("furniture", "furniture/equipment"),
         new("radio_tv", "radio/tv"), new("appliances", "domestic appliance"), new("repairs", "repairs"),
         new("education", "education"), new("vacation", "vacation"), new("retraining", "retraining"),
         new("business", "business"), new("other", "other")]);

    public static readonly CreditFeature CreditAmount = new("creditAmount", "credit_amount", "credit.amount");

    public static readonly CreditFeature SavingsStatus = new("savingsStatus", "savings_status", "credit.savings_status",
        [new("lt100", "<100"), new("100to500", "100<=X<500"), new("500to1000", "500<=X<1000"), new("ge1000", ">=1000"),
         new("none", "no known savings")]);

    public static readonly CreditFeature Employment = new("employment", "employment", "credit.employment",
        [new("unemployed", "unemployed"), new("lt1", "<1"), new("1to4", "1<=X<4"), new("4to7", "4<=X<7"), new("ge7", ">=7")]);

    public static readonly CreditFeature InstallmentRate = new("installmentRate", "installment_commitment", "credit.installment_rate");

    public static readonly CreditFeature PersonalStatus = new("personalStatus", "personal_status", "credit.personal_status",
        [new("male_divorced", "male div/sep"), new("female_married", "female div/dep/mar"), new("male_single", "male single"),
         new("male_married", "male mar/wid"), new("female_single", "female single")]);

    public static readonly CreditFeature OtherParties = new("otherParties", "other_parties", "credit.other_parties",
        [new("none", "none"), new("co_applicant", "co applicant"), new("guarantor", "guarantor")]);

    public static readonly CreditFeature ResidenceSince = new("residenceSince", "residence_since", "credit.residence_since");

    public static readonly CreditFeature PropertyMagnitude = new("propertyMagnitude", "property_magnitude", "credit.property",
        [new("real_estate", "real estate"), new("life_insurance", "life insurance"), new("car", "car"), new("none", "no known property")]);

    public static readonly CreditFeature Age = new("age", "age", "credit.age");

    public static readonly CreditFeature OtherPaymentPlans = new("otherPaymentPlans", "other_payment_plans", "credit.other_payment_plans",
        [new("bank", "bank"), new("stores", "stores"), new("none", "none")]);

    public static readonly CreditFeature Housing = new("housing", "housing", "credit.housing",
        [new("rent", "rent"), new("own", "own"), new("free", "for free")]);

    public static readonly CreditFeature ExistingCredits = new("existingCredits", "existing_credits", "credit.existing_credits");

    public static readonly CreditFeature Job = new("job", "job", "credit.job",
        [new("unskilled_nonresident", "unemp/unskilled non res"), new("unskilled", "unskilled resident"),
         new("skilled", "skilled"), new("management", "high qualif/self emp/mgmt")]);

    public static readonly CreditFeature NumDependents = new("numDependents", "num_dependents", "credit.dependents");

    public static readonly CreditFeature OwnTelephone = new("ownTelephone", "own_telephone", "credit.telephone",
        [new("no", "none"), new("yes", "yes")]);

    public static readonly CreditFeature ForeignWorker = new("foreignWorker", "foreign_worker", "credit.foreign_worker",
        [new("yes", "yes"), new("no", "no")]);

    /// <summary>In the data set's column order.</summary>
    public static readonly IReadOnlyList<CreditFeature> All =
    [
        CheckingStatus, Duration, CreditHistory, Purpose, CreditAmount, SavingsStatus, Employment, InstallmentRate,
        PersonalStatus, OtherParties, ResidenceSince, PropertyMagnitude, Age, OtherPaymentPlans, Housing, ExistingCredits,
        Job, NumDependents, OwnTelephone, ForeignWorker,
    ];

    public static CreditFeature ByField(string field) => All.First(f => f.Field == field);
}
