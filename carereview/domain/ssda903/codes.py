"""SSDA903 code lists, with the meanings practitioners know them by.

Source: DfE "Children looked after return: guide to the SSDA903 collection" and its technical
specification; summarised in shared/docs/ssda903.md.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

#: RNE: reason for new episode.
REASON_NEW_EPISODE: Final = MappingProxyType(
    {
        "S": "Started to be looked after (also each short break under V3 and each agreement under V4)",
        "L": "Change of legal status only",
        "P": "Change of placement and carer only",
        "T": "Change of placement, same carer",
        "B": "Change of legal status and placement and carer at the same time",
        "U": "Change of legal status and placement, same carer",
    }
)

#: RNE codes that mean the child moved placement.
PLACEMENT_CHANGE_RNE: Final = frozenset({"P", "T", "B", "U"})

#: LS: legal status.
LEGAL_STATUS: Final = MappingProxyType(
    {
        "C1": "Interim care order",
        "C2": "Full care order",
        "D1": "Freeing order granted",
        "E1": "Placement order granted",
        "V2": "Single period of accommodation under section 20",
        "V3": "Accommodated under an agreed series of short-term breaks, when individual episodes are recorded",
        "V4": "Accommodated under an agreed series of short-term breaks, when agreements are recorded",
        "L1": "Under police protection and in local authority accommodation",
        "L2": "Emergency protection order",
        "L3": "Under child assessment order and in local authority accommodation",
        "J1": "Remanded to local authority accommodation or to youth detention accommodation",
        "J2": "Placed in local authority accommodation under PACE",
        "J3": "Sentenced to a youth rehabilitation order with residence or intensive fostering requirement",
    }
)

#: Short breaks: CPPCR 2010 reg 48 modifies the review timetable.
SHORT_BREAK_LS: Final = frozenset({"V3", "V4"})

#: Authority to place for adoption (AAR 2005 reg 36(1)).
AUTHORISED_FOR_ADOPTION_LS: Final = frozenset({"E1", "D1"})

#: PLACE: placement type.
PLACEMENT: Final = MappingProxyType(
    {
        "A3": "Placed for adoption with parental/guardian consent with current foster carer(s)",
        "A4": "Placed for adoption with parental/guardian consent not with current foster carer(s)",
        "A5": "Placed for adoption with placement order with current foster carer(s)",
        "A6": "Placed for adoption with placement order not with current foster carer(s)",
        "H5": "Semi-independent living accommodation not subject to children's homes regulations",
        "K1": "Secure children's home",
        "K2": "Children's home subject to children's homes regulations",
        "K3": "Registered supported accommodation",
        "P1": "Placed with own parent(s) or other person(s) with parental responsibility",
        "P2": "Independent living, e.g. in a flat, lodgings, bedsit, B&B or with friends",
        "P3": "Residential employment",
        "R1": "Residential care home",
        "R2": "NHS or health trust or other establishment providing medical or nursing care",
        "R3": "Family centre or mother and baby unit",
        "R5": "Young offender institution or prison",
        "S1": "All residential schools, except where dual-registered as a school and children's home",
        "T0": "All types of temporary move (see T1 to T4)",
        "T1": "Temporary periods in hospital",
        "T2": "Temporary absences of the child on holiday",
        "T3": "Temporary accommodation whilst normal foster carer(s) is/are on holiday",
        "T4": "Temporary accommodation of seven days or less",
        "U1": "Foster placement with relative(s) or friend(s) – long-term fostering",
        "U2": "Foster placement with relative(s) or friend(s) who is/are also an approved adopter(s) – FFA or concurrent planning",
        "U3": "Foster placement with relative(s) or friend(s) – not long-term or FFA / concurrent planning",
        "U4": "Foster placement with other foster carer(s) – long-term fostering",
        "U5": "Foster placement with other foster carer(s) who is/are also an approved adopter(s) – FFA or concurrent planning",
        "U6": "Foster placement with other foster carer(s) – not long-term or FFA / concurrent planning",
        "Z1": "Other placements",
        "Z11": "Other placement (2025-26 code)",
        "Z12": "Other placement (2025-26 code)",
        "Z13": "Other placement (2025-26 code)",
        "Z14": "Other placement (2025-26 code)",
    }
)

#: Placed for adoption (AAR 2005 reg 36; IRO Handbook 3.55).
PLACED_FOR_ADOPTION: Final = frozenset({"A3", "A4", "A5", "A6"})

#: Foster placements (for Staying Put, visits frequency and similar rules).
FOSTER_PLACEMENTS: Final = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})

#: REC: reason episode ceased.
REASON_EPISODE_CEASED: Final = MappingProxyType(
    {
        "X1": "Episode ceases, and new episode begins on same day, for any reason",
        "E11": "Adopted – application for an adoption order unopposed",
        "E12": "Adopted – consent dispensed with by the court",
        "E2": "Died",
        "E3": "Care taken over by another local authority in the UK",
        "E4A": "Returned home to live with parent(s), relative(s), or other person(s) with parental responsibility as part of the care planning process",
        "E4B": "Returned home to live with parent(s), relative(s), or other person(s) with parental responsibility which was not part of the current care planning process",
        "E13": "Left care to live with parent(s), relative(s), or other person(s) with no parental responsibility",
        "E41": "Residence order (or, from 22 April 2014, a child arrangement order which sets out with whom the child is to live) granted",
        "E45": "Special guardianship order made to former foster carer(s), who was/are a relative(s) or friend(s)",
        "E46": "Special guardianship order made to former foster carer(s), other than relative(s) or friend(s)",
        "E47": "Special guardianship order made to carer(s), other than former foster carer(s), who was/are a relative(s) or friend(s)",
        "E48": "Special guardianship order made to carer(s), other than former foster carer(s), other than relative(s) or friend(s)",
        "E5": "Moved into independent living arrangement and no longer looked-after: supportive accommodation providing formalised advice/support arrangements",
        "E6": "Moved into independent living arrangement and no longer looked-after: accommodation providing no formalised advice/support arrangements",
        "E7": "Transferred to residential care funded by adult social care services",
        "E9": "Sentenced to custody",
        "E14": "Accommodation on remand ended",
        "E15": "Age assessment determined child is aged 18 or over and E5, E6 and E7 do not apply",
        "E16": "Child moved abroad",
        "E17": "Aged 18 (or over) and remained with current carers (inc under staying put arrangements)",
        "E8": "Period of being looked-after ceased for any other reason",
    }
)

#: The one REC that does not end a period of care.
CONTINUES_PERIOD: Final = "X1"

#: REC codes after which a series of short breaks cannot go on (the child was adopted, died,
#: moved to another authority, abroad, into adult services, or is an adult).  Any other ending of a
#: short break (usually a return home, E4A/E4B) leaves the series, and its timetable, running.
ENDS_SHORT_BREAK_SERIES: Final = frozenset(
    {
        "E11",
        "E12",
        "E2",
        "E3",
        "E41",
        "E45",
        "E46",
        "E47",
        "E48",
        "E5",
        "E6",
        "E7",
        "E9",
        "E15",
        "E16",
        "E17",
    }
)

#: Participation in the review (the Reviews table's REVIEW_CODE).
PARTICIPATION: Final = MappingProxyType(
    {
        "PN0": "Child aged under 4 at the time of the review",
        "PN1": "Child physically attends and speaks for themselves",
        "PN2": "Child physically attends, and an advocate speaks on their behalf",
        "PN3": "Child attends and conveys their view symbolically (non-verbally)",
        "PN4": "Child physically attends but does not speak for themselves, does not convey views symbolically and does not ask an advocate to speak for them",
        "PN5": "Child does not attend physically but briefs an advocate to speak for them",
        "PN6": "Child does not attend but conveys their feelings to the review by a facilitative medium",
        "PN7": "Child does not attend, nor are their views conveyed to the review",
    }
)

#: CIN: category of need, the main reason the child was looked after.
CATEGORY_OF_NEED: Final = MappingProxyType(
    {
        "N1": "Abuse or neglect",
        "N2": "Child's disability",
        "N3": "Parental illness or disability",
        "N4": "Family in acute stress",
        "N5": "Family dysfunction",
        "N6": "Socially unacceptable behaviour",
        "N7": "Low income",
        "N8": "Absent parenting",
    }
)

#: PLACE_PROVIDER: who provides the placement.
PLACE_PROVIDER: Final = MappingProxyType(
    {
        "PR0": "Parent(s) or other person(s) with parental responsibility",
        "PR1": "Own provision (by the local authority)",
        "PR2": "Other local authority provision",
        "PR3": "Other public provision (for example a primary care trust)",
        "PR4": "Private provision",
        "PR5": "Voluntary or third sector provision",
    }
)

#: SEX: 1/2 up to 2023-24; M/F/U (not stated or not recorded) from 2024-25.
SEX: Final = MappingProxyType(
    {
        "1": "Male",
        "2": "Female",
        "M": "Male",
        "F": "Female",
        "U": "Not stated or not recorded",
    }
)

#: The first collection year (named by the year it starts) whose SEX codes are M/F/U.
SEX_LETTERS_FROM_YEAR: Final = 2024

#: ETHNIC: the child's ethnic origin.
ETHNICITY: Final = MappingProxyType(
    {
        "WBRI": "White British",
        "WIRI": "White Irish",
        "WOTH": "Any other White background",
        "WIRT": "Traveller of Irish heritage",
        "WROM": "Gypsy/Roma",
        "MWBC": "White and Black Caribbean",
        "MWBA": "White and Black African",
        "MWAS": "White and Asian",
        "MOTH": "Any other mixed background",
        "AIND": "Indian",
        "APKN": "Pakistani",
        "ABAN": "Bangladeshi",
        "AOTH": "Any other Asian background",
        "BCRB": "Caribbean",
        "BAFR": "African",
        "BOTH": "Any other Black background",
        "CHNE": "Chinese",
        "OOTH": "Any other ethnic group",
        "REFU": "Refused",
        "NOBT": "Information not yet obtained",
    }
)
