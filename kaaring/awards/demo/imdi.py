"""IMDi's Bosettings- og integreringsprisen: the award, its criteria, its archive and the editions
the demo shows in each phase. All texts are written for Kåring, not copied from IMDi.
"""

from kaaring.awards.demo.types import ArchiveEntry, NomineeContent, Texts

ORGANISATION = {
    "slug": "imdi",
    "name": "Integrerings- og mangfoldsdirektoratet (IMDi)",
    "kind": "directorate",
    "website": "https://www.imdi.no/",
}

AWARD_SLUG = "bosettingsprisen"
AWARD_NAME = Texts(
    nb="Bosettings- og integreringsprisen",
    nn="Busetjings- og integreringsprisen",
    en="Settlement and Integration Prize",
)
AWARD_DESCRIPTION = Texts(
    nb=(
        "Bosettings- og integreringsprisen går til en kommune som har gjort et særlig godt "
        "arbeid med å bosette flyktninger og hjelpe dem inn i arbeid, utdanning og "
        "lokalsamfunn. Prisen løfter fram kommuner som andre kan lære av, og viser hvor mye "
        "godt lokalt arbeid betyr for dem som skal bygge et nytt liv i Norge.\n\n"
        "Prisen ble delt ut første gang i 2008, den gang som Bosettingsprisen. Kommunene blir "
        "nominert etter kriterier som er publisert på forhånd, og siden for hver årgang sier "
        "hvordan vinneren blir valgt."
    ),
    nn=(
        "Busetjings- og integreringsprisen går til ein kommune som har gjort eit særleg godt "
        "arbeid med å busetje flyktningar og hjelpe dei inn i arbeid, utdanning og "
        "lokalsamfunn. Prisen løftar fram kommunar som andre kan lære av, og viser kor mykje "
        "godt lokalt arbeid betyr for dei som skal byggje eit nytt liv i Noreg.\n\n"
        "Prisen vart delt ut første gong i 2008, den gongen som Busetjingsprisen. Kommunane blir "
        "nominerte etter kriterium som er publiserte på førehand, og sida for kvar årgang seier "
        "korleis vinnaren blir vald."
    ),
    en=(
        "The Settlement and Integration Prize goes to a municipality that has done outstanding "
        "work settling refugees and helping them into work, education and community life. The "
        "prize highlights municipalities that others can learn from, and shows how much good "
        "local work matters to people building a new life in Norway.\n\n"
        "It was first awarded in 2008, then as the Settlement Prize. Municipalities are "
        "nominated against criteria published in advance, and each edition's page says how the "
        "winner is chosen."
    ),
)
CRITERIA: list[tuple[Texts, Texts]] = [
    (
        Texts("God og rask bosetting", "God og rask busetjing", "Good and swift settlement"),
        Texts(
            nb=(
                "Kommunen bosetter de flyktningene den blir bedt om, uten unødig ventetid, og "
                "har bolig og tjenester klare når de kommer."
            ),
            nn=(
                "Kommunen busett dei flyktningane han blir beden om, utan unødig ventetid, og "
                "har bustad og tenester klare når dei kjem."
            ),
            en=(
                "The municipality settles the refugees it is asked to, without needless delay, "
                "with a home and services ready when they arrive."
            ),
        ),
    ),
    (
        Texts("Kvalifisering og arbeid", "Kvalifisering og arbeid", "Qualification and work"),
        Texts(
            nb=(
                "Introduksjonsprogrammet og opplæringen fører fram: mange kommer i arbeid eller "
                "utdanning, og tilbudet er tilpasset den enkelte."
            ),
            nn=(
                "Introduksjonsprogrammet og opplæringa fører fram: mange kjem i arbeid eller "
                "utdanning, og tilbodet er tilpassa den einskilde."
            ),
            en=(
                "The introduction programme and training lead somewhere: many move on to work "
                "or education, and the offer fits each person."
            ),
        ),
    ),
    (
        Texts(
            "Samarbeid med frivillige og lokalt næringsliv",
            "Samarbeid med frivillige og lokalt næringsliv",
            "Cooperation with volunteers and local business",
        ),
        Texts(
            nb=(
                "Kommunen samarbeider med frivillige organisasjoner, nabolag og arbeidsgivere, "
                "slik at nye innbyggere får nettverk, språkpraksis og jobbmuligheter."
            ),
            nn=(
                "Kommunen samarbeider med frivillige organisasjonar, nabolag og arbeidsgivarar, "
                "slik at nye innbyggjarar får nettverk, språkpraksis og jobbmoglegheiter."
            ),
            en=(
                "The municipality works with voluntary organisations, neighbourhoods and "
                "employers, so that new residents gain networks, language practice and job "
                "opportunities."
            ),
        ),
    ),
]

# --- The archive ----------------------------------------------------------------------------
# Kåring holds only the winner of these editions, from the prize's history; the other nominees,
# the dates and the jury's words are not known here, so the demo invents none of them. Each
# edition is dated 1 January (announced) and 31 December (result) of the year it ran: a
# placeholder that keeps the ordering right, said so in the edition's introduction.
#
# How the winner was chosen: until 2016, IMDi chose (no public vote: voting_mode none, jury
# only). 2019/2020 is recorded the same way, since Kåring does not know its rules. 2021 to 2023
# combined a public vote and an expert assessment in one "overall assessment" whose weights
# were never published. Kåring's "weighted" rule requires a published weight and voting dates,
# and inventing either would misstate history, so these editions are recorded as jury only
# (the assessment decided) with a note that says what is missing.
ARCHIVE_NOTE = Texts(
    nb=(
        "Kåring har bare vinneren av denne årgangen, hentet fra prisens historie. Datoene er "
        "satt til årets begynnelse og slutt."
    ),
    nn=(
        "Kåring har berre vinnaren av denne årgangen, henta frå historia til prisen. Datoane er "
        "sette til byrjinga og slutten av året."
    ),
    en=(
        "Kåring holds only the winner of this edition, taken from the prize's history. The "
        "dates are set to the start and end of the year."
    ),
)
FIRST_YEAR_NOTE = Texts(
    nb="Prisen het Bosettingsprisen da den ble delt ut første gang.",
    nn="Prisen heitte Busetjingsprisen då han vart delt ut første gong.",
    en="The prize was called the Settlement Prize when it was first awarded.",
)
OVERALL_ASSESSMENT_NOTE = Texts(
    nb=(
        "Vinneren ble valgt i en samlet vurdering av folkeavstemningen og fagjuryens vurdering. "
        "Vektingen ble ikke offentliggjort, og Kåring viser derfor årgangen som avgjort av juryen."
    ),
    nn=(
        "Vinnaren vart vald i ei samla vurdering av folkerøystinga og fagjuryen si vurdering. "
        "Vektinga vart ikkje offentleggjord, og Kåring viser difor årgangen som avgjord av juryen."
    ),
    en=(
        "The winner was chosen in an overall assessment of the public vote and the expert jury's "
        "view. The weights were never published, so Kåring shows the edition as decided by the "
        "jury."
    ),
)

ARCHIVE: list[ArchiveEntry] = [
    ArchiveEntry(2008, "Vadsø", "5607", "vadso", notes=(FIRST_YEAR_NOTE,)),
    ArchiveEntry(2009, "Levanger", "5037", "levanger"),
    ArchiveEntry(2010, "Kristiansand", "4204", "kristiansand"),
    ArchiveEntry(2011, "Kragerø", "4014", "kragero"),
    ArchiveEntry(2012, "Molde", "1506", "molde"),
    ArchiveEntry(2013, "Hammerfest", "5603", "hammerfest"),
    ArchiveEntry(2014, "Drammen", "3301", "drammen"),
    ArchiveEntry(2015, "Grimstad", "4202", "grimstad"),
    ArchiveEntry(2016, "Trondheim", "5001", "trondheim"),
    # No edition in 2017. 2018 is loaded in full (see EDITION_2018).
    ArchiveEntry(2019, "Sunndal", "1563", "sunndal", year_label="2019/2020"),
    ArchiveEntry(2021, "Lørenskog", "3222", "lorenskog", notes=(OVERALL_ASSESSMENT_NOTE,)),
    ArchiveEntry(2022, "Kinn", "4602", "kinn", notes=(OVERALL_ASSESSMENT_NOTE,)),
    ArchiveEntry(2023, "Tønsberg", "3905", "tonsberg", notes=(OVERALL_ASSESSMENT_NOTE,)),
]

ARCHIVE_WINNER_SUMMARY = Texts(
    nb="Vinner av Bosettings- og integreringsprisen {year}.",
    nn="Vinnar av Busetjings- og integreringsprisen {year}.",
    en="Winner of the Settlement and Integration Prize {year}.",
)

# --- 2018, in full --------------------------------------------------------------------------
DEMO_TEXT_NOTE = Texts(
    nb="Tekstene om de nominerte og juryens begrunnelse er skrevet for demonstrasjonen av Kåring.",
    nn="Tekstane om dei nominerte og grunngjevinga til juryen er skrivne for demonstrasjonen av "
    "Kåring.",
    en="The texts about the nominees and the jury's rationale were written for the Kåring demo.",
)
EDITION_2018_INTRO = Texts(
    nb=(
        "Sju kommuner var nominert til prisen for 2018. Alle kunne stemme på én av dem fram "
        "til 8. februar 2019 klokka 12. De tre kommunene med flest stemmer gikk videre til "
        "juryen, og juryen valgte vinneren blant dem."
    ),
    nn=(
        "Sju kommunar var nominerte til prisen for 2018. Alle kunne røyste på éin av dei fram "
        "til 8. februar 2019 klokka 12. Dei tre kommunane med flest røyster gjekk vidare til "
        "juryen, og juryen valde vinnaren blant dei."
    ),
    en=(
        "Seven municipalities were nominated for the 2018 prize. Anyone could vote for one of "
        "them until 12:00 on 8 February 2019. The three with the most votes went on to the "
        "jury, which chose the winner among them."
    ),
)
EDITION_2018_CEREMONY = Texts(
    nb="Prisen ble delt ut på IMDis integreringskonferanse 13. februar 2019.",
    nn="Prisen vart delt ut på integreringskonferansen til IMDi 13. februar 2019.",
    en="The prize was presented at IMDi's integration conference on 13 February 2019.",
)
EDITION_2018_RATIONALE = Texts(
    nb=(
        "Bærum har over tid bygd et bosettingsarbeid der bolig, kvalifisering og frivillighet "
        "henger sammen. Juryen la vekt på det brede samarbeidet med frivillige og arbeidsgivere, "
        "og på at nyankomne får et tilbud som tar utgangspunkt i det de kan fra før."
    ),
    nn=(
        "Bærum har over tid bygd eit busetjingsarbeid der bustad, kvalifisering og frivilligheit "
        "heng saman. Juryen la vekt på det breie samarbeidet med frivillige og arbeidsgivarar, og "
        "på at nykomne får eit tilbod som tek utgangspunkt i det dei kan frå før."
    ),
    en=(
        "Over time, Bærum has built settlement work in which housing, qualification and "
        "volunteering fit together. The jury valued its broad cooperation with volunteers and "
        "employers, and that newcomers get an offer that starts from what they already know."
    ),
)

# --- Editions in each phase, dated relative to when the demo is loaded -----------------------
DEMO_EDITION_NOTE = Texts(
    nb="Demonstrasjonsårgang: de nominerte er ekte kommuner, men nominasjonene og resultatet er "
    "oppdiktet.",
    nn="Demonstrasjonsårgang: dei nominerte er ekte kommunar, men nominasjonane og resultatet er "
    "dikta opp.",
    en="Demonstration edition: the nominees are real municipalities, but the nominations and the "
    "result are invented.",
)


def _short(slug: str, name: str, number: str, nb: str, nn: str, en: str) -> NomineeContent:
    return NomineeContent(
        slug=slug,
        name=name,
        number=number,
        summary=nb,
        summary_nn=nn,
        summary_en=en,
        profile=nb,
        profile_nn=nn,
        profile_en=en,
    )


# Voting open now: the public votes for one, the top three go to the jury (like 2018).
NOMINEES_OPEN = [
    _short(
        "alta",
        "Alta",
        "5601",
        "Språkopplæring kombinert med praksis i reiseliv og handel.",
        "Språkopplæring kombinert med praksis i reiseliv og handel.",
        "Language training combined with placements in tourism and retail.",
    ),
    _short(
        "hamar",
        "Hamar",
        "3403",
        "Et introduksjonsprogram bygd sammen med arbeidsgivere i regionen.",
        "Eit introduksjonsprogram bygd saman med arbeidsgivarar i regionen.",
        "An introduction programme built together with employers in the region.",
    ),
    _short(
        "sandnes",
        "Sandnes",
        "1108",
        "Familier følges opp samlet av barnehage, skole og voksenopplæring.",
        "Familiar blir følgde opp samla av barnehage, skule og vaksenopplæring.",
        "Families are followed up jointly by kindergarten, school and adult education.",
    ),
    _short(
        "narvik",
        "Narvik",
        "1806",
        "Frivillige og næringsliv tar imot nye innbyggere sammen med kommunen.",
        "Frivillige og næringsliv tek imot nye innbyggjarar saman med kommunen.",
        "Volunteers and businesses welcome new residents together with the municipality.",
    ),
]
# Voting closed, the jury at work: public vote and jury score weighted, the weight published.
NOMINEES_CLOSED = [
    _short(
        "elverum",
        "Elverum",
        "3420",
        "Bosetting i hele kommunen, med faste kontaktpersoner.",
        "Busetjing i heile kommunen, med faste kontaktpersonar.",
        "Settlement across the whole municipality, with one contact person each.",
    ),
    _short(
        "haugesund",
        "Haugesund",
        "1106",
        "Fagbrev på arbeidsplassen for deltakere i introduksjonsprogrammet.",
        "Fagbrev på arbeidsplassen for deltakarar i introduksjonsprogrammet.",
        "Craft certificates at the workplace for introduction-programme participants.",
    ),
    _short(
        "larvik",
        "Larvik",
        "3909",
        "Språkkafeer og mentorordning drevet sammen med frivillige lag.",
        "Språkkafear og mentorordning drivne saman med frivillige lag.",
        "Language cafés and mentoring run together with voluntary groups.",
    ),
]
# Published last month.
NOMINEES_PUBLISHED = [
    _short(
        "gjovik",
        "Gjøvik",
        "3407",
        "Utdanning som vei til arbeid, i samarbeid med høgskole og næringsliv.",
        "Utdanning som veg til arbeid, i samarbeid med høgskule og næringsliv.",
        "Education as the road to work, with the university college and local business.",
    ),
    _short(
        "arendal",
        "Arendal",
        "4203",
        "Et tett samarbeid mellom kommunen, NAV og arbeidsgivere langs kysten.",
        "Eit tett samarbeid mellom kommunen, NAV og arbeidsgivarar langs kysten.",
        "Close cooperation between the municipality, NAV and employers along the coast.",
    ),
    _short(
        "harstad",
        "Harstad",
        "5503",
        "Nye innbyggere blir med i idrett, kultur og friluftsliv fra første uke.",
        "Nye innbyggjarar blir med i idrett, kultur og friluftsliv frå første veka.",
        "Newcomers join sports, culture and outdoor life from their first week.",
    ),
]
PUBLISHED_WINNER = "gjovik"
PUBLISHED_RATIONALE = Texts(
    nb="Juryen la vekt på at utdanning og arbeid henger sammen fra første dag. (Demotekst.)",
    nn="Juryen la vekt på at utdanning og arbeid heng saman frå første dag. (Demotekst.)",
    en="The jury valued that education and work fit together from the first day. (Demo text.)",
)
