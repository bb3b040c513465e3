"""Two invented public-vote prizes of Stange kommune, so that the demo has a vote open in each
voting mode: the volunteers' prize confirmed by e-mail, the young people's prize with electronic
ID (IMDi's prize has the open vote). Every nominee is invented and named "Eksempel"."""

from kaaring.awards.demo.types import NomineeContent, Texts

FICTION_NOTE = Texts(
    nb="Prisen og alle kandidatene i denne demoen er oppdiktet.",
    nn="Prisen og alle kandidatane i denne demoen er dikta opp.",
    en="The prize and all candidates in this demo are invented.",
)

EMAIL_AWARD_SLUG = "stange-frivilligpris"
EMAIL_AWARD_NAME = Texts(
    nb="Stange kommunes frivilligpris",
    nn="Frivilligprisen til Stange kommune",
    en="Stange Municipality Volunteer Prize",
)
EMAIL_AWARD_DESCRIPTION = Texts(
    nb=(
        "Innbyggerne kårer årets frivillige i Stange. Du stemmer med e-postadressen din og "
        "bekrefter stemmen med lenken du får tilsendt: én stemme per adresse. Flest stemmer vinner."
    ),
    nn=(
        "Innbyggjarane kårar årets frivillige i Stange. Du røystar med e-postadressa di og "
        "stadfestar røysta med lenkja du får tilsend: éi røyst per adresse. Flest røyster vinn."
    ),
    en=(
        "Residents choose the volunteer of the year in Stange. You vote with your e-mail "
        "address and confirm your vote with the link you are sent: one vote per address. "
        "Most votes wins."
    ),
)
EMAIL_CRITERIA: list[tuple[Texts, Texts]] = [
    (
        Texts("Innsats for andre", "Innsats for andre", "Effort for others"),
        Texts(
            "Kandidaten gir av tiden sin, slik at andre får være med.",
            "Kandidaten gir av tida si, slik at andre får vere med.",
            "The candidate gives their time so that others can take part.",
        ),
    ),
]
EMAIL_NOMINEES = [
    NomineeContent(
        slug="eksempel-turlag",
        kind="organisation",
        name="Eksempel turlag",
        summary="Et turlag som tar med nye innbyggere på søndagsturer hele året.",
        summary_nn="Eit turlag som tek med nye innbyggjarar på søndagsturar heile året.",
        summary_en="A walking club that takes new residents on Sunday walks all year round.",
        profile="(Turlaget er oppdiktet.)",
        profile_nn="(Turlaget er dikta opp.)",
        profile_en="(The walking club is invented.)",
    ),
    NomineeContent(
        slug="anne-eksempel",
        kind="person",
        name="Anne Eksempel",
        summary="Driver en klesbytte-dag på grendehuset hver måned.",
        summary_nn="Driv ein klesbyttedag på grendehuset kvar månad.",
        summary_en="Runs a clothes-swap day at the village hall every month.",
        profile="(Anne Eksempel er en oppdiktet person.)",
        profile_nn="(Anne Eksempel er ein oppdikta person.)",
        profile_en="(Anne Eksempel is an invented person.)",
    ),
    NomineeContent(
        slug="eksempel-sykkelverksted",
        kind="organisation",
        name="Eksempel sykkelverksted",
        summary="Et frivillig verksted der alle kan lære å reparere sykkelen sin.",
        summary_nn="Eit frivillig verkstad der alle kan lære å reparere sykkelen sin.",
        summary_en="A volunteer workshop where anyone can learn to repair their bicycle.",
        profile="(Verkstedet er oppdiktet.)",
        profile_nn="(Verkstaden er dikta opp.)",
        profile_en="(The workshop is invented.)",
    ),
]

EID_AWARD_SLUG = "stange-ungdomspris"
EID_AWARD_NAME = Texts(
    nb="Stange kommunes ungdomspris for inkludering",
    nn="Ungdomsprisen for inkludering til Stange kommune",
    en="Stange Municipality Youth Inclusion Prize",
)
EID_AWARD_DESCRIPTION = Texts(
    nb=(
        "Prisen går til unge som får flere med i fellesskapet. Du stemmer med elektronisk ID: "
        "én stemme per person. Flest stemmer vinner."
    ),
    nn=(
        "Prisen går til unge som får fleire med i fellesskapet. Du røystar med elektronisk ID: "
        "éi røyst per person. Flest røyster vinn."
    ),
    en=(
        "The prize goes to young people who bring more people into the community. You vote "
        "with electronic ID: one vote per person. Most votes wins."
    ),
)
EID_CRITERIA: list[tuple[Texts, Texts]] = [
    (
        Texts("Fellesskap", "Fellesskap", "Community"),
        Texts(
            "Kandidaten får unge fra mange bakgrunner til å gjøre ting sammen.",
            "Kandidaten får unge frå mange bakgrunnar til å gjere ting saman.",
            "The candidate gets young people of many backgrounds to do things together.",
        ),
    ),
]
EID_NOMINEES = [
    NomineeContent(
        slug="eksempel-ungdomsrad",
        kind="organisation",
        name="Eksempel ungdomsråd",
        summary="Et ungdomsråd som har startet en fredagsklubb for alle i kommunen.",
        summary_nn="Eit ungdomsråd som har starta ein fredagsklubb for alle i kommunen.",
        summary_en="A youth council that has started a Friday club open to everyone.",
        profile="(Ungdomsrådet er oppdiktet.)",
        profile_nn="(Ungdomsrådet er dikta opp.)",
        profile_en="(The youth council is invented.)",
    ),
    NomineeContent(
        slug="amir-eksempel",
        kind="person",
        name="Amir Eksempel",
        summary="Har laget en podkast der unge forteller om å komme til Stange.",
        summary_nn="Har laga ein podkast der unge fortel om å kome til Stange.",
        summary_en="Has made a podcast in which young people tell of coming to Stange.",
        profile="(Amir Eksempel er en oppdiktet person.)",
        profile_nn="(Amir Eksempel er ein oppdikta person.)",
        profile_en="(Amir Eksempel is an invented person.)",
    ),
    NomineeContent(
        slug="eksempel-e-sportlag",
        kind="organisation",
        name="Eksempel e-sportlag",
        summary="Et e-sportlag der lagspråket er norsk, og alle kan begynne.",
        summary_nn="Eit e-sportlag der lagspråket er norsk, og alle kan byrje.",
        summary_en="An e-sports team whose team language is Norwegian, open to beginners.",
        profile="(Laget er oppdiktet.)",
        profile_nn="(Laget er dikta opp.)",
        profile_en="(The team is invented.)",
    ),
]
