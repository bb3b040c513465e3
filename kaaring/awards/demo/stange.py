"""Stange kommune's local integration prize: same software, other rules (no public vote, the
integration council as jury, nominees of any kind). Every nominee is invented and named
"Eksempel" so that no one mistakes it for a real person or business.
"""

from kaaring.awards.demo.types import NomineeContent, Texts

ORGANISATION = {
    "slug": "stange",
    "name": "Stange kommune",
    "kind": "municipality",
    "website": "https://www.stange.kommune.no/",
}

AWARD_SLUG = "stange-integreringspris"
AWARD_NAME = Texts(
    nb="Stange kommunes integreringspris",
    nn="Integreringsprisen til Stange kommune",
    en="Stange Municipality Integration Prize",
)
AWARD_DESCRIPTION = Texts(
    nb=(
        "Stange kommunes integreringspris går hvert år til en person, en organisasjon eller en "
        "bedrift som har gjort en betydelig innsats for å inkludere minoritetsspråklige og "
        "flerkulturelle innbyggere i Stange. Alle kan foreslå kandidater. Integreringsrådet er "
        "jury og velger vinneren; det er ingen folkeavstemning."
    ),
    nn=(
        "Integreringsprisen til Stange kommune går kvart år til ein person, ein organisasjon "
        "eller ei bedrift som har gjort ein stor innsats for å inkludere minoritetsspråklege og "
        "fleirkulturelle innbyggjarar i Stange. Alle kan foreslå kandidatar. Integreringsrådet "
        "er jury og vel vinnaren; det er inga folkerøysting."
    ),
    en=(
        "Stange Municipality's integration prize goes each year to a person, an organisation "
        "or a company that has done significant work to include minority-language and "
        "multicultural residents in Stange. Anyone may propose a candidate. The integration "
        "council is the jury and chooses the winner; there is no public vote."
    ),
)
CRITERIA: list[tuple[Texts, Texts]] = [
    (
        Texts("Varig innsats", "Varig innsats", "Lasting effort"),
        Texts(
            "Innsatsen har vart over tid og gjort en forskjell for mange.",
            "Innsatsen har vart over tid og gjort ein skilnad for mange.",
            "The effort has lasted over time and made a difference to many.",
        ),
    ),
    (
        Texts("Møteplasser", "Møteplassar", "Meeting places"),
        Texts(
            "Kandidaten skaper steder og anledninger der nye og gamle innbyggere møtes.",
            "Kandidaten skaper stader og høve der nye og gamle innbyggjarar møtest.",
            "The candidate creates places and occasions where new and long-time residents meet.",
        ),
    ),
    (
        Texts("Arbeid og språk", "Arbeid og språk", "Work and language"),
        Texts(
            "Kandidaten åpner veier til arbeid, språkpraksis eller utdanning.",
            "Kandidaten opnar vegar til arbeid, språkpraksis eller utdanning.",
            "The candidate opens roads to work, language practice or education.",
        ),
    ),
]

FICTION_NOTE = Texts(
    nb="Alle kandidatene i denne demoen er oppdiktet.",
    nn="Alle kandidatane i denne demoen er dikta opp.",
    en="All candidates in this demo are invented.",
)

NOMINEES_CURRENT = [
    NomineeContent(
        slug="kari-eksempel",
        kind="person",
        name="Kari Eksempel",
        summary="Har i mange år drevet leksehjelp og språktrening på biblioteket.",
        summary_nn="Har i mange år drive leksehjelp og språktrening på biblioteket.",
        summary_en="Has run homework help and language practice at the library for many years.",
        profile=(
            "Kari Eksempel startet leksehjelpen på biblioteket som frivillig og har holdt den "
            "i gang hver uke siden. Barn, ungdom og voksne kommer for å øve på norsk.\n\n"
            "(Kari Eksempel er en oppdiktet person.)"
        ),
        profile_nn=(
            "Kari Eksempel starta leksehjelpa på biblioteket som frivillig og har halde ho i gang "
            "kvar veke sidan. Born, ungdom og vaksne kjem for å øve på norsk.\n\n"
            "(Kari Eksempel er ein oppdikta person.)"
        ),
        profile_en=(
            "Kari Eksempel started homework help at the library as a volunteer and has kept it "
            "going every week since. Children, young people and adults come to practise "
            "Norwegian.\n\n(Kari Eksempel is an invented person.)"
        ),
    ),
    NomineeContent(
        slug="eksempel-sprakvenner",
        kind="organisation",
        name="Eksempel språkvenner",
        summary="En frivillig forening som kobler nye og gamle innbyggere som språkvenner.",
        summary_nn="Ei frivillig foreining som koplar nye og gamle innbyggjarar som språkvener.",
        summary_en="A voluntary association that pairs new and long-time residents as "
        "language friends.",
        profile=(
            "Foreningen setter sammen par som møtes jevnlig for å snakke norsk, gå tur eller "
            "lage mat sammen.\n\n(Foreningen er oppdiktet.)"
        ),
        profile_nn=(
            "Foreininga set saman par som møtest jamleg for å snakke norsk, gå tur eller lage "
            "mat saman.\n\n(Foreininga er dikta opp.)"
        ),
        profile_en=(
            "The association pairs people who meet regularly to speak Norwegian, walk or cook "
            "together.\n\n(The association is invented.)"
        ),
    ),
    NomineeContent(
        slug="eksempel-gartneri",
        kind="company",
        name="Eksempel Gartneri AS",
        summary="Et gartneri som tilbyr praksisplasser og faste jobber til nye innbyggere.",
        summary_nn="Eit gartneri som tilbyr praksisplassar og faste jobbar til nye innbyggjarar.",
        summary_en="A market garden offering placements and permanent jobs to new residents.",
        profile=(
            "Gartneriet har tatt imot deltakere fra introduksjonsprogrammet hver sesong, og "
            "flere har fått fast jobb.\n\n(Bedriften er oppdiktet.)"
        ),
        profile_nn=(
            "Gartneriet har teke imot deltakarar frå introduksjonsprogrammet kvar sesong, og "
            "fleire har fått fast jobb.\n\n(Bedrifta er dikta opp.)"
        ),
        profile_en=(
            "The market garden has taken on introduction-programme participants every season, "
            "and several now have permanent jobs.\n\n(The company is invented.)"
        ),
    ),
]

NOMINEES_PAST = [
    NomineeContent(
        slug="ola-eksempel",
        kind="person",
        name="Ola Eksempel",
        summary="Trener i idrettslaget som har fått barn fra mange land med på laget.",
        summary_nn="Trenar i idrettslaget som har fått born frå mange land med på laget.",
        summary_en="A sports-club coach who has brought children from many countries onto "
        "the team.",
        profile="(Ola Eksempel er en oppdiktet person.)",
        profile_nn="(Ola Eksempel er ein oppdikta person.)",
        profile_en="(Ola Eksempel is an invented person.)",
    ),
    NomineeContent(
        slug="eksempel-kulturkafe",
        kind="organisation",
        name="Eksempel kulturkafé",
        summary="En kafé der innbyggere fra mange land lager mat og arrangementer sammen.",
        summary_nn="Ein kafé der innbyggjarar frå mange land lagar mat og arrangement saman.",
        summary_en="A café where residents from many countries cook and host events together.",
        profile="(Kafeen er oppdiktet.)",
        profile_nn="(Kafeen er dikta opp.)",
        profile_en="(The café is invented.)",
    ),
]
PAST_WINNER = "ola-eksempel"
PAST_RATIONALE = Texts(
    nb="Integreringsrådet la vekt på at idrettslaget er blitt et sted der alle hører til.",
    nn="Integreringsrådet la vekt på at idrettslaget har vorte ein stad der alle høyrer til.",
    en="The integration council valued that the club has become a place where everyone belongs.",
)
