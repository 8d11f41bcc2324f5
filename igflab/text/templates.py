"""The note templates: the wording of every note igflab can add to an interpretation.

Each template names its citations (``$reference`` stands for the citation of the
reference in use) and, for lifestyle claims, an evidence grade. Cohort findings are
stated as associations; nothing advises a drug, a dose or a supplement. Context notes are
in :mod:`igflab.text.context`, guidance in :mod:`igflab.text.guidance`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .words import NoteKind

__all__ = ["REFERENCE_PLACEHOLDER", "TEMPLATES", "NoteTemplate"]

REFERENCE_PLACEHOLDER = "$reference"


@dataclass(frozen=True, slots=True)
class NoteTemplate:
    """A note's wording (a ``str.format`` template), kind, citations and evidence grade."""

    kind: NoteKind
    text: str
    citations: tuple[str, ...]
    evidence_grade: str | None = None


_ASSOCIATION = "observational cohort studies and their meta-analyses (association, not cause)"

TEMPLATES: dict[str, NoteTemplate] = {
    # -- where the value sits ------------------------------------------------------
    "position_lms": NoteTemplate(
        "position",
        "{value} is {centile_text} (SDS {sds}) for {group} aged {age} "
        "in the {ref_title} reference. At this age its central 95% interval is {limits} and its "
        "median {median}.",
        (REFERENCE_PLACEHOLDER, "cole1990"),
    ),
    "position_limits": NoteTemplate(
        "position",
        "{value} is {relation} the interval of {limits} that the "
        "{ref_title} reference gives for {group} aged {band}. This reference publishes limits only, so no SDS or "
        "centile comes from it; its zlog score, {zlog}, places the value on a log scale on which the "
        "limits are -1.96 and +1.96.",
        (REFERENCE_PLACEHOLDER, "hoffmann2017"),
    ),
    "position_lab": NoteTemplate(
        "position",
        "{value} is {relation} the laboratory's printed range of {limits}, "
        "which decides the flag. Its zlog score is {zlog}: a log-scale score computed from the two "
        "limits (-1.96 and +1.96 at the limits), a different method from the LMS SDS of a published "
        "reference.",
        ("hoffmann2017",),
    ),
    "censored_below": NoteTemplate(
        "method",
        "The laboratory reported the result as below {value}: the assay did not measure it more "
        "exactly. The SDS and centile shown are those of {value}, so the result's own are at most "
        "these. A zone is given only when every value below {value} lies below the reference; "
        "otherwise the zone is indeterminate.",
        (REFERENCE_PLACEHOLDER, "hl7_observation_interpretation"),
    ),
    "censored_above": NoteTemplate(
        "method",
        "The laboratory reported the result as above {value}: the assay did not measure it more "
        "exactly. The SDS and centile shown are those of {value}, so the result's own are at least "
        "these. A zone is given only when every value above {value} lies above the reference, and "
        "it is then the lowest zone the result can be in; otherwise the zone is indeterminate.",
        (REFERENCE_PLACEHOLDER, "hl7_observation_interpretation"),
    ),
    "lab_vs_published": NoteTemplate(
        "position",
        "Against the published {ref_title} reference, built with one particular assay, the {assay}, this "
        "result would be {other_zone} (SDS {sds}), while the laboratory's range places it {lab_zone}. "
        "Reference intervals are assay-specific, so the laboratory's own range is usually the better guide for "
        "its own result, provided it was copied with its unit.",
        (REFERENCE_PLACEHOLDER, "sabbah2021"),
    ),
    "lab_and_published_agree": NoteTemplate(
        "position",
        "The published {ref_title} reference (SDS {sds}) places this result on the same side of its range as "
        "the laboratory's range does. It was built with one particular assay, the {assay}, which may not be the "
        "laboratory's, so it is shown as a second opinion only.",
        (REFERENCE_PLACEHOLDER, "sabbah2021"),
    ),
    "position_lab_doubtful": NoteTemplate(
        "position",
        "{value} is {relation} the laboratory's printed range of {limits} "
        "as given, but that range is far from the published IGF-1 references for this age and sex (see the "
        "warnings), so igflab does not let it decide the zone, which is left indeterminate: please check the "
        "range and its unit on the report.",
        ("hoffmann2017",),
    ),
    "published_beside_doubtful_lab": NoteTemplate(
        "position",
        "For comparison, against the published {ref_title} reference, built with one particular assay, the "
        "{assay}, this result would be {other_zone} (SDS {sds}).",
        (REFERENCE_PLACEHOLDER, "sabbah2021"),
    ),
    "sex_unknown_same": NoteTemplate(
        "position",
        "Sex was not given, so the result was compared with both the male and the female reference; "
        "both place it in the same zone.",
        (REFERENCE_PLACEHOLDER,),
    ),
    "sex_unknown_differ": NoteTemplate(
        "position",
        "Sex was not given. Against the male reference the result is {male_zone}; against the female "
        "reference it is {female_zone}. igflab does not choose between them: {outcome}; both positions are shown.",
        (REFERENCE_PLACEHOLDER,),
    ),
    # -- what the zone means (adults: 18 years and over) ---------------------------------
    "zone_below_reference": NoteTemplate(
        "zone",
        "The result is below the lower limit of {against}. One low result is "
        "not a diagnosis: IGF-1 is lower with undernutrition, poorly controlled diabetes, chronic illness, "
        "kidney failure, liver cirrhosis and estrogen-containing contraceptive pills, and values differ between "
        "assays. Adult growth-hormone deficiency is considered mainly in people with a pituitary or "
        "hypothalamic condition, previous pituitary surgery or radiotherapy, or a serious head injury; there, a "
        "consensus statement holds that a low IGF-1, with other pituitary hormones deficient, points strongly to "
        "growth-hormone deficiency, while a normal IGF-1 does not exclude it, so guidelines also use "
        "growth-hormone stimulation tests.",
        ("ho2007", "molitch2011", "yuen2019", "aversa2024", "hoerenz2022"),
    ),
    "zone_inside": NoteTemplate(
        "zone",
        "The result is {where}: igflab splits the range into three equal parts of its score (SDS or zlog), "
        "divided at about the 26th and 74th centiles. A result in range is read with symptoms, history and other "
        "results; with a pituitary or hypothalamic condition, a normal IGF-1 does not exclude growth-hormone "
        "deficiency (consensus statement).",
        (REFERENCE_PLACEHOLDER, "hoffmann2017", "ho2007"),
    ),
    "adult_band": NoteTemplate(
        "u_curve",
        "Beside the range for age, the result is {band} {band_range}, the band a meta-analysis of 19 cohort "
        "studies of mostly middle-aged and older adults associated with the lowest all-cause mortality. It is not "
        "adjusted for age, sex or assay (many healthy older people sit below it): an association in populations, "
        "not a target and not the zone.",
        ("rahmani2022", "bidlingmaier2014"),
        _ASSOCIATION,
    ),
    "zone_above_reference": NoteTemplate(
        "zone",
        "The result is above the upper limit of {against}. A mildly raised IGF-1 is "
        "often found without any disease: values differ between assays, IGF-1 rises in pregnancy, and in a "
        "laboratory study raised values were associated with kidney disease and with some medicines. When a "
        "doctor suspects growth-hormone excess (acromegaly) from its typical features, IGF-1 is the first "
        "test, and a raised value is checked with further tests.",
        ("careless2023", "sabbah2021", "wilson1982", "katznelson2014"),
    ),
    "zone_well_above_reference": NoteTemplate(
        "zone",
        "The result is more than 1.3 times the upper limit of {against}. A 2024 "
        "international consensus uses IGF-1 above 1.3 times the upper limit for age as its threshold for "
        "acromegaly (growth-hormone excess) in a person who also has the typical features of that condition. "
        "A raised value alone does not settle the question, and raised values also occur for other reasons; "
        "it is a reason for a doctor to look further, and a specialist may repeat it with the same assay "
        "before other tests.",
        ("giustina2024", "katznelson2014", "careless2023"),
    ),
    # -- what the zone means (children and adolescents: under 18 years) ------------------
    "zone_below_reference_child": NoteTemplate(
        "zone",
        "The result is below the lower limit of {against}. In children IGF-1 changes "
        "a great deal with age, puberty and nutrition: it is low with undernutrition and rises again with "
        "adequate feeding, and values differ between assays. A low IGF-1 on its own neither shows nor rules "
        "out growth-hormone deficiency: paediatric guidelines rely on growth measured over time and, where "
        "needed, growth-hormone stimulation tests.",
        ("bidlingmaier2014", "kouanda2009", "swenne2007", "ibba2020", "wit2020", "grimberg2016"),
    ),
    "zone_inside_child": NoteTemplate(
        "zone",
        "The result is {where}. IGF-1 rises through childhood to "
        "a peak around puberty (about 15 years in the IDS-iSYS data), so a child's result is compared only "
        "with children of the same age and sex. A result in range does not rule out growth-hormone "
        "deficiency in a child: when growth is the question, IGF-1 is read together with growth measured "
        "over time and other tests.",
        ("bidlingmaier2014", "ibba2020", "stanley2012"),
    ),
    "zone_above_reference_child": NoteTemplate(
        "zone",
        "The result is above the upper limit of {against}. IGF-1 rises steeply "
        "in puberty, so a result can be above a reference built by age alone when puberty is under way "
        "earlier than in most children of the same age; early puberty is itself something the child's "
        "doctor will want to assess. Values also differ between assays. High values in a child are "
        "interpreted by a specialist together with growth and the stage of puberty.",
        ("bidlingmaier2014", "hoerenz2022", "clemmons2011"),
    ),
    "zone_above_reference_young_child": NoteTemplate(
        "zone",
        "The result is above the upper limit of {against}. Values differ between assays, and in the LIFE study "
        "obese infants had IGF-1 up to 1 SDS higher than normal-weight infants. A high IGF-1 in a young child is "
        "read by the child's doctor together with growth measured over time, nutrition and the child's history.",
        ("sabbah2021", "hoerenz2022", "bidlingmaier2014"),
    ),
    "zone_far_above_child": NoteTemplate(
        "zone",
        "The result is far above the upper limit of {against}: its score is above +3, the tier igflab itself "
        "marks as far above the range for a child (a convention of igflab, not a published threshold). Values "
        "differ between assays, and a result this far above the range is worth discussing with the child's "
        "doctor soon, who reads it with growth measured over time and may involve a children's hormone "
        "specialist.",
        ("sabbah2021", "clemmons2011"),
    ),
    "zone_above_gh_therapy": NoteTemplate(
        "zone",
        "The result is above the upper limit of {against}. During growth-hormone treatment, a result above the "
        "reference range for age is usually reviewed by the treating team together with the treatment given and the "
        "timing of the sample; treatment usually aims to keep IGF-1 within the reference range for age.",
        ("mayo_igfms", "lin2022"),
    ),
    "zone_below_gh_therapy": NoteTemplate(
        "zone",
        "The result is below the lower limit of {against}. During growth-hormone treatment, a result below the "
        "reference range for age is read by the treating team together with the treatment given, whether "
        "injections were missed and the timing of the sample (with a weekly preparation IGF-1 is lowest just "
        "before the next injection); treatment usually aims to keep IGF-1 within the reference range for age.",
        ("mayo_igfms", "lin2022"),
    ),
    "zone_above_acromegaly_treatment": NoteTemplate(
        "zone",
        "The result is above the upper limit of {against}. With acromegaly under treatment it is read as a "
        "multiple of that limit (x ULN); a 2021 Pituitary Society update notes that values slightly above the "
        "age-adjusted cut-off (for example within 1.2-1.3 x ULN) may be considered sufficient control, and the "
        "treating team reads the result with the clinical picture and earlier results from the same assay.",
        ("fleseriu2021", "giustina2024"),
    ),
    "zone_well_above_acromegaly_treatment": NoteTemplate(
        "zone",
        "The result is more than 1.3 times the upper limit of {against}. With acromegaly under treatment it is "
        "read as a multiple of that limit (x ULN): a value this far above the limit is beyond what a 2021 "
        "Pituitary Society update allows may be sufficient control (about 1.2-1.3 x ULN), so the treating team "
        "will want to review it soon, with the clinical picture and earlier results from the same assay.",
        ("fleseriu2021", "giustina2024"),
    ),
    "zone_above_reference_late_teen": NoteTemplate(
        "zone",
        "The result is above the upper limit of {against}. At this age puberty is usually well advanced, so its "
        "timing rarely explains a high IGF-1, and values differ between assays. A "
        "high value is read by the doctor with growth, any features of growth-hormone excess and a repeat with the "
        "same assay.",
        ("bidlingmaier2014", "clemmons2011", "katznelson2014"),
    ),
    "zone_above_acromegaly_treatment_child": NoteTemplate(
        "zone",
        "The result is above the upper limit of {against}. With GH excess under treatment in a child, the "
        "specialist team who follows the child reads it as a multiple of that limit (x ULN), together with growth "
        "measured over time; values differ between assays, so results are best compared from the same assay.",
        ("clemmons2011",),
    ),
    "zone_well_above_pregnancy": NoteTemplate(
        "zone",
        "The result is more than 1.3 times the upper limit of {against}. IGF-1 rises in pregnancy; a raised value "
        "is read by the pregnancy care team and, if needed, an endocrinologist.",
        ("wilson1982",),
    ),
    "infant": NoteTemplate(
        "zone",
        "In the first year of life IGF-1 falls after birth before it rises again, which igflab's default "
        "reference, built in yearly steps, cannot show, and laboratories give no score (Labcorp, under 3 years) "
        "or no IGFBP-3 range (Mayo, 15 days to 11 months) at some of these ages. A result under 1 year is hard "
        "to read on its own: a paediatrician reads it with feeding, growth and gestational age.",
        ("bidlingmaier2014", "labcorp_010540", "mayo_igfb3"),
    ),
    "young_adult": NoteTemplate(
        "zone",
        "Between 18 and 25 years IGF-1 is still falling from its peak in the teenage years, so the result is "
        "compared with people of the same age and sex, not with older adults. After growth-hormone treatment in "
        "childhood, guidelines describe testing again once treatment has stopped, and such results are read by the "
        "specialist team.",
        ("bidlingmaier2014", "molitch2011"),
    ),
    "x_uln": NoteTemplate(
        "context",
        "With acromegaly under treatment: the result is {x_uln} x ULN, that is {x_uln} times the upper limit of "
        "the range it was compared with ({limit}).",
        ("giustina2024", "fleseriu2021"),
    ),
    "zone_indeterminate": NoteTemplate(
        "zone",
        "The result cannot be placed in one zone with the information given; the notes above say why. What "
        "would settle it is, for example, the laboratory's own range with its unit, the sex, or a measured "
        "value instead of a limit; the laboratory or a doctor can say whether a repeat is useful.",
        (REFERENCE_PLACEHOLDER,),
    ),
    # -- the U-curve (adults) ---------------------------------------------------------------
    "u_curve": NoteTemplate(
        "u_curve",
        "In adults, cohort studies describe a U-shaped association: people with low and with high IGF-1 "
        "had higher all-cause mortality than those in the middle (pooled hazard ratios 1.33 and 1.23 in one "
        "meta-analysis, 1.27 and 1.18 in another). Some cohorts found it in men only, and in a very large cohort "
        "the risk with high IGF-1 grew with age. These associations do not show cause or predict one person's "
        "outcome.",
        ("rahmani2022", "burgers2011", "friedrich2009", "zhang2021"),
        _ASSOCIATION,
    ),
    # -- assay and method -------------------------------------------------------------
    "assay_specific": NoteTemplate(
        "assay",
        "Reference intervals are assay-specific: when eight assays measured the same healthy adults, "
        "their lower limits were similar but their upper limits varied markedly. The {ref_short} "
        "reference was built with this assay: {assay}. If the laboratory used another method, its own "
        "printed range is the better comparison, and a repeat is best done with the same assay.",
        ("sabbah2021", "clemmons2011", "giustina2024"),
    ),
    "assay_specific_immunoassay": NoteTemplate(
        "assay",
        "Reference intervals are assay-specific: when eight assays measured the same healthy adults, "
        "their lower limits were similar but their upper limits varied markedly. The {ref_short} "
        "reference was built with this assay: {assay}. If the laboratory used another method, its own "
        "printed range is the better comparison, and a repeat is best done with the same assay. Biotin "
        "supplements can affect some immunoassays.",
        ("sabbah2021", "clemmons2011", "giustina2024", "labcorp_010540"),
    ),
    "units": NoteTemplate(
        "method",
        "nmol/L values use a molar mass of 7649 g/mol (1 nmol/L = 7.649 ng/mL). Some laboratories use "
        "7647 g/mol or the rounded factor 0.131, which shifts a nmol/L figure by at most about 0.2%.",
        ("uniprot_p05019", "labcorp_010540"),
    ),
}
