"""The seven nominees of IMDi's 2018 edition, with profile texts written for Kåring.

The texts describe the kind of work each municipality was nominated for, in a factual tone and
without figures: they are demonstration content, not IMDi's own texts, and not a source.
Municipality numbers are today's (KLASS 131, 2024); the statistics pages map the older ones.
"""

from kaaring.awards.demo.types import NomineeContent

NOMINEES_2018: list[NomineeContent] = [
    NomineeContent(
        slug="stange",
        name="Stange",
        number="3413",  # 0417 until 2020, 3413 since
        summary=(
            "En landbrukskommune ved Mjøsa der flyktningtjenesten, bøndene og det lokale "
            "næringslivet har funnet sammen om praksis og arbeid."
        ),
        summary_nn=(
            "Ein landbrukskommune ved Mjøsa der flyktningtenesta, bøndene og det lokale "
            "næringslivet har funne saman om praksis og arbeid."
        ),
        summary_en=(
            "A farming municipality by lake Mjøsa where the refugee service, farmers and local "
            "businesses have joined forces on work placements and jobs."
        ),
        profile=(
            "Stange ligger på Hedmarken sør for Hamar, med gårder, tettsteder og korte "
            "avstander. Kommunen har over flere år bosatt flyktninger i hele kommunen, ikke bare "
            "i sentrum, og legger vekt på at nye innbyggere skal bli kjent med naboene sine fra "
            "første dag.\n\n"
            "Introduksjonsprogrammet er bygd rundt praksis i ekte arbeid. Flyktningtjenesten "
            "samarbeider tett med bønder, gartnerier og små bedrifter, og norskopplæringen "
            "følger språket deltakerne trenger på arbeidsplassen.\n\n"
            "Stange har også sitt eget integreringsråd og deler hvert år ut en lokal "
            "integreringspris. Frivilligsentralen, idrettslag og menigheter er med på å gi nye "
            "innbyggere et nettverk utenfor programmet."
        ),
        profile_nn=(
            "Stange ligg på Hedmarken sør for Hamar, med gardar, tettstader og korte avstandar. "
            "Kommunen har over fleire år busett flyktningar i heile kommunen, ikkje berre i "
            "sentrum, og legg vekt på at nye innbyggjarar skal bli kjende med naboane sine frå "
            "første dag.\n\n"
            "Introduksjonsprogrammet er bygd rundt praksis i verkeleg arbeid. Flyktningtenesta "
            "samarbeider tett med bønder, gartneri og små bedrifter, og norskopplæringa følgjer "
            "språket deltakarane treng på arbeidsplassen.\n\n"
            "Stange har òg sitt eige integreringsråd og deler kvart år ut ein lokal "
            "integreringspris. Frivilligsentralen, idrettslag og kyrkjelydar er med på å gi nye "
            "innbyggjarar eit nettverk utanfor programmet."
        ),
        profile_en=(
            "Stange lies on Hedmarken south of Hamar, a landscape of farms, small towns and "
            "short distances. For several years the municipality has settled refugees "
            "throughout its area, not only in the centre, so that newcomers get to know their "
            "neighbours from the first day.\n\n"
            "The introduction programme is built around placements in real jobs. The refugee "
            "service works closely with farmers, market gardens and small businesses, and "
            "Norwegian lessons follow the language participants need at work.\n\n"
            "Stange also has its own integration council and gives a local integration prize "
            "every year. The volunteer centre, sports clubs and congregations help newcomers "
            "build a network beyond the programme."
        ),
    ),
    NomineeContent(
        slug="asker",
        name="Asker",
        number="3203",  # 0220 until 2020, 3025 in 2020-2023, 3203 since
        summary=(
            "Helhetlig oppfølging fra første dag, med mentorer fra lokalt næringsliv og en "
            "voksenopplæring som tilpasser seg hver deltaker."
        ),
        summary_nn=(
            "Heilskapleg oppfølging frå første dag, med mentorar frå lokalt næringsliv og ei "
            "vaksenopplæring som tilpassar seg kvar deltakar."
        ),
        summary_en=(
            "Joined-up follow-up from the first day, with mentors from local business and adult "
            "education that adapts to each participant."
        ),
        profile=(
            "Asker ligger vest for Oslo ved Oslofjorden. Kommunen har arbeidet for at "
            "flyktninger som bosettes, skal møte én samlet tjeneste: bolig, helse, skole og "
            "introduksjonsprogram planlegges sammen, og hver deltaker har en fast kontaktperson."
            "\n\n"
            "Voksenopplæringen kombinerer norsk med fag og arbeidspraksis, og mange deltakere "
            "får en mentor fra en lokal bedrift. Målet er at veien til arbeid eller utdanning "
            "skal være så kort som mulig, uten at noen blir hastet gjennom.\n\n"
            "Frivillige lag, bibliotekene og nabolagene i kommunen står for språkkafeer, "
            "leksehjelp og fritidstilbud, slik at barn og voksne blir en del av lokalsamfunnet."
        ),
        profile_nn=(
            "Asker ligg vest for Oslo ved Oslofjorden. Kommunen har arbeidd for at flyktningar "
            "som blir busette, skal møte éi samla teneste: bustad, helse, skule og "
            "introduksjonsprogram blir planlagde saman, og kvar deltakar har ein fast "
            "kontaktperson.\n\n"
            "Vaksenopplæringa kombinerer norsk med fag og arbeidspraksis, og mange deltakarar "
            "får ein mentor frå ei lokal bedrift. Målet er at vegen til arbeid eller utdanning "
            "skal vere så kort som mogleg, utan at nokon blir hasta gjennom.\n\n"
            "Frivillige lag, biblioteka og nabolaga i kommunen står for språkkafear, leksehjelp "
            "og fritidstilbod, slik at born og vaksne blir ein del av lokalsamfunnet."
        ),
        profile_en=(
            "Asker lies west of Oslo on the Oslofjord. The municipality has worked so that "
            "refugees it settles meet one joined-up service: housing, health, school and the "
            "introduction programme are planned together, and each participant has one contact "
            "person.\n\n"
            "Adult education combines Norwegian with subjects and work placements, and many "
            "participants get a mentor from a local company. The aim is the shortest possible "
            "road to work or education, without rushing anyone through.\n\n"
            "Voluntary groups, the libraries and the neighbourhoods run language cafés, "
            "homework help and leisure activities, so that children and adults become part of "
            "the community."
        ),
    ),
    NomineeContent(
        slug="baerum",
        name="Bærum",
        number="3201",  # 0219 until 2020, 3024 in 2020-2023, 3201 since
        summary=(
            "Bolig, kvalifisering og frivillighet som henger sammen, og et bredt samarbeid med "
            "arbeidsgivere i en av landets største kommuner."
        ),
        summary_nn=(
            "Bustad, kvalifisering og frivilligheit som heng saman, og eit breitt samarbeid med "
            "arbeidsgivarar i ein av dei største kommunane i landet."
        ),
        summary_en=(
            "Housing, qualification and volunteering that fit together, and broad cooperation "
            "with employers in one of Norway's largest municipalities."
        ),
        profile=(
            "Bærum ligger vest for Oslo og er en av landets folkerikeste kommuner. Kommunen har "
            "sagt ja til å bosette flyktninger år etter år, og har arbeidet for å finne boliger "
            "spredt rundt i kommunen, i nabolag der det er lett å komme i kontakt med andre.\n\n"
            "Kvalifiseringen tar utgangspunkt i hva hver enkelt kan fra før. Kommunen samarbeider "
            "med NAV og med arbeidsgivere i offentlig og privat sektor om praksisplasser, "
            "bransjekurs og utdanningsløp som fører fram til fast arbeid.\n\n"
            "Et stort nettverk av frivillige, fra frivilligsentraler til idrettslag, tar imot nye "
            "innbyggere med språktrening, aktiviteter og hjelp i hverdagen. Samarbeidet mellom "
            "kommunen og de frivillige er en del av planen, ikke et tillegg til den."
        ),
        profile_nn=(
            "Bærum ligg vest for Oslo og er ein av dei folkerikaste kommunane i landet. "
            "Kommunen har sagt ja til å busetje flyktningar år etter år, og har arbeidd for å "
            "finne bustader spreidde rundt i kommunen, i nabolag der det er lett å kome i "
            "kontakt med andre.\n\n"
            "Kvalifiseringa tek utgangspunkt i kva kvar einskild kan frå før. Kommunen "
            "samarbeider med NAV og med arbeidsgivarar i offentleg og privat sektor om "
            "praksisplassar, bransjekurs og utdanningsløp som fører fram til fast arbeid.\n\n"
            "Eit stort nettverk av frivillige, frå frivilligsentralar til idrettslag, tek imot "
            "nye innbyggjarar med språktrening, aktivitetar og hjelp i kvardagen. Samarbeidet "
            "mellom kommunen og dei frivillige er ein del av planen, ikkje eit tillegg til han."
        ),
        profile_en=(
            "Bærum lies west of Oslo and is one of Norway's most populous municipalities. It "
            "has agreed to settle refugees year after year, and has worked to find homes spread "
            "across the municipality, in neighbourhoods where it is easy to meet people.\n\n"
            "Qualification starts from what each person already knows. The municipality works "
            "with the Labour and Welfare Administration (NAV) and with public and private "
            "employers on placements, vocational courses and education paths that lead to "
            "permanent work.\n\n"
            "A large network of volunteers, from volunteer centres to sports clubs, welcomes "
            "newcomers with language practice, activities and help with everyday life. "
            "Cooperation between the municipality and the volunteers is part of the plan, not "
            "an extra."
        ),
    ),
    NomineeContent(
        slug="bodo",
        name="Bodø",
        number="1804",  # unchanged through the reforms
        summary=(
            "Nordlands største by, med én dør inn til tjenestene og et tett samarbeid med "
            "arbeidslivet langs kysten."
        ),
        summary_nn=(
            "Den største byen i Nordland, med éi dør inn til tenestene og eit tett samarbeid med "
            "arbeidslivet langs kysten."
        ),
        summary_en=(
            "The largest town in Nordland, with one door into its services and close ties with "
            "employers along the coast."
        ),
        profile=(
            "Bodø er den største byen i Nordland. Flyktninger som bosettes i kommunen, møter "
            "én dør inn: flyktningtjenesten samordner bolig, helse, barnehage, skole og "
            "introduksjonsprogram, slik at ingen må finne fram i systemet alene.\n\n"
            "Kommunen samarbeider med NAV, videregående skoler og arbeidsgivere i blant annet "
            "helse, havbruk og service om praksis og opplæring. Flere deltakere tar fagbrev "
            "eller annen utdanning som gir arbeid i regionen.\n\n"
            "Frivillige organisasjoner og turlag gjør nordnorsk hverdag og friluftsliv kjent "
            "for nye innbyggere, og kommunen bruker erfaringene deres når tilbudet utvikles."
        ),
        profile_nn=(
            "Bodø er den største byen i Nordland. Flyktningar som blir busette i kommunen, møter "
            "éi dør inn: flyktningtenesta samordnar bustad, helse, barnehage, skule og "
            "introduksjonsprogram, slik at ingen må finne fram i systemet åleine.\n\n"
            "Kommunen samarbeider med NAV, vidaregåande skular og arbeidsgivarar i mellom anna "
            "helse, havbruk og service om praksis og opplæring. Fleire deltakarar tek fagbrev "
            "eller anna utdanning som gir arbeid i regionen.\n\n"
            "Frivillige organisasjonar og turlag gjer nordnorsk kvardag og friluftsliv kjent for "
            "nye innbyggjarar, og kommunen brukar røynslene deira når tilbodet blir utvikla."
        ),
        profile_en=(
            "Bodø is the largest town in Nordland. Refugees settled here meet one door into "
            "the municipality: the refugee service coordinates housing, health, kindergarten, "
            "school and the introduction programme, so nobody has to find their way through "
            "the system alone.\n\n"
            "The municipality works with NAV, upper secondary schools and employers in fields "
            "such as health, aquaculture and services on placements and training. Several "
            "participants take a craft certificate or other education that leads to work in "
            "the region.\n\n"
            "Voluntary organisations and hiking clubs introduce newcomers to everyday life and "
            "the outdoors in Northern Norway, and the municipality draws on their experience "
            "when it develops its services."
        ),
    ),
    NomineeContent(
        slug="tromso",
        name="Tromsø",
        number="5501",  # 1902 until 2020, 5401 in 2020-2023, 5501 since
        summary=(
            "Utdanning som vei til arbeid i landsdelens største by, med universitet, sykehus og "
            "et aktivt kulturliv som samarbeidspartnere."
        ),
        summary_nn=(
            "Utdanning som veg til arbeid i den største byen i landsdelen, med universitet, "
            "sjukehus og eit aktivt kulturliv som samarbeidspartnarar."
        ),
        summary_en=(
            "Education as the road to work in Northern Norway's largest city, with the "
            "university, the hospital and a lively cultural scene as partners."
        ),
        profile=(
            "Tromsø er den største byen i Nord-Norge, med universitet, universitetssykehus og "
            "mange kompetansearbeidsplasser. Kommunen har lagt vekt på at flyktninger med "
            "utdanning fra hjemlandet skal få bruke den, og at de som mangler utdanning, skal "
            "få ta den.\n\n"
            "Introduksjonsprogrammet gir mulighet til å kombinere norskopplæring med "
            "grunnskole, videregående opplæring eller godkjenning av utdanning. Samarbeidet med "
            "helse- og omsorgstjenestene gir praksis og arbeid i yrker der byen trenger folk.\n\n"
            "Frivillige, studentorganisasjoner og kulturlivet i byen lager møteplasser gjennom "
            "hele året, også i mørketida, når det er ekstra viktig å ha noen å være sammen med."
        ),
        profile_nn=(
            "Tromsø er den største byen i Nord-Noreg, med universitet, universitetssjukehus og "
            "mange kompetansearbeidsplassar. Kommunen har lagt vekt på at flyktningar med "
            "utdanning frå heimlandet skal få bruke ho, og at dei som manglar utdanning, skal "
            "få ta ho.\n\n"
            "Introduksjonsprogrammet gir høve til å kombinere norskopplæring med grunnskule, "
            "vidaregåande opplæring eller godkjenning av utdanning. Samarbeidet med helse- og "
            "omsorgstenestene gir praksis og arbeid i yrke der byen treng folk.\n\n"
            "Frivillige, studentorganisasjonar og kulturlivet i byen lagar møteplassar gjennom "
            "heile året, også i mørketida, når det er ekstra viktig å ha nokon å vere saman med."
        ),
        profile_en=(
            "Tromsø is the largest city in Northern Norway, with a university, a university "
            "hospital and many skilled jobs. The municipality has made it a priority that "
            "refugees with an education from their home country can use it, and that those "
            "without one can get it.\n\n"
            "The introduction programme lets participants combine Norwegian lessons with "
            "primary school, upper secondary education or recognition of their qualifications. "
            "Cooperation with the health and care services offers placements and jobs in "
            "occupations where the city needs people.\n\n"
            "Volunteers, student organisations and the city's cultural life create meeting "
            "places all year round, also in the dark season, when company matters most."
        ),
    ),
    NomineeContent(
        slug="steinkjer",
        name="Steinkjer",
        number="5006",  # 1702 until 2018, 5004 in 2018-2019, 5006 since
        summary=(
            "Bosetting i hele kommunen, med familien i sentrum og et lokalsamfunn der lag og "
            "foreninger åpner dørene."
        ),
        summary_nn=(
            "Busetjing i heile kommunen, med familien i sentrum og eit lokalsamfunn der lag og "
            "foreiningar opnar dørene."
        ),
        summary_en=(
            "Settlement across the whole municipality, with the family at the centre and a "
            "community whose clubs and associations open their doors."
        ),
        profile=(
            "Steinkjer ligger innerst i Trondheimsfjorden, med en bykjerne og store "
            "landbruksområder rundt. Kommunen har bosatt mange barnefamilier og planlegger "
            "tjenestene rundt hele familien: barnehage, skole, helsestasjon og "
            "introduksjonsprogram snakker sammen.\n\n"
            "Voksne deltakere får praksis i kommunale tjenester, landbruk og lokale bedrifter. "
            "Kommunen følger opp også etter at programmet er slutt, slik at en første jobb kan "
            "bli til en varig plass i arbeidslivet.\n\n"
            "Idrettslag, kor og andre foreninger har tatt imot nye medlemmer, og mange barn og "
            "unge har fått en fritid sammen med klassekameratene sine."
        ),
        profile_nn=(
            "Steinkjer ligg inst i Trondheimsfjorden, med ei bykjerne og store "
            "landbruksområde rundt. Kommunen har busett mange barnefamiliar og planlegg "
            "tenestene rundt heile familien: barnehage, skule, helsestasjon og "
            "introduksjonsprogram snakkar saman.\n\n"
            "Vaksne deltakarar får praksis i kommunale tenester, landbruk og lokale bedrifter. "
            "Kommunen følgjer opp også etter at programmet er slutt, slik at ein første jobb kan "
            "bli til ein varig plass i arbeidslivet.\n\n"
            "Idrettslag, kor og andre foreiningar har teke imot nye medlemer, og mange born og "
            "unge har fått ei fritid saman med klassekameratane sine."
        ),
        profile_en=(
            "Steinkjer lies at the head of the Trondheimsfjord, with a town centre surrounded "
            "by farmland. The municipality has settled many families with children and plans "
            "its services around the whole family: kindergarten, school, health clinic and the "
            "introduction programme work together.\n\n"
            "Adult participants get placements in municipal services, farming and local "
            "businesses. The municipality keeps following up after the programme ends, so that "
            "a first job can become a lasting place in working life.\n\n"
            "Sports clubs, choirs and other associations have welcomed new members, and many "
            "children and young people now spend their free time with their classmates."
        ),
    ),
    NomineeContent(
        slug="lorenskog",
        name="Lørenskog",
        number="3222",  # 0230 until 2020, 3029 in 2020-2023, 3222 since
        summary=(
            "En mangfoldig kommune øst for Oslo, der skole, barnehage og et bredt samarbeid med "
            "trossamfunn og organisasjoner gir nye innbyggere en god start."
        ),
        summary_nn=(
            "Ein mangfaldig kommune aust for Oslo, der skule, barnehage og eit breitt samarbeid "
            "med trussamfunn og organisasjonar gir nye innbyggjarar ein god start."
        ),
        summary_en=(
            "A diverse municipality east of Oslo, where schools, kindergartens and broad "
            "cooperation with faith communities and organisations give newcomers a good start."
        ),
        profile=(
            "Lørenskog ligger øst for Oslo og har en befolkning med bakgrunn fra mange land. "
            "Kommunen bruker dette mangfoldet aktivt: nye innbyggere møter ansatte og frivillige "
            "som selv har kommet til Norge, og som kan vise vei.\n\n"
            "Barnehager og skoler er en viktig del av arbeidet, med tett kontakt med foreldrene "
            "og et tilbud til barn som trenger ekstra språkstøtte. For voksne kombinerer "
            "introduksjonsprogrammet norsk med praksis i handel, logistikk og omsorg i "
            "regionen.\n\n"
            "Kommunen samarbeider med trossamfunn, innvandrerorganisasjoner og idrettslag om "
            "informasjon, aktiviteter og møteplasser, slik at integreringen skjer i hele "
            "lokalsamfunnet."
        ),
        profile_nn=(
            "Lørenskog ligg aust for Oslo og har ei befolkning med bakgrunn frå mange land. "
            "Kommunen brukar dette mangfaldet aktivt: nye innbyggjarar møter tilsette og "
            "frivillige som sjølve har kome til Noreg, og som kan vise veg.\n\n"
            "Barnehagar og skular er ein viktig del av arbeidet, med tett kontakt med foreldra "
            "og eit tilbod til born som treng ekstra språkstøtte. For vaksne kombinerer "
            "introduksjonsprogrammet norsk med praksis i handel, logistikk og omsorg i "
            "regionen.\n\n"
            "Kommunen samarbeider med trussamfunn, innvandrarorganisasjonar og idrettslag om "
            "informasjon, aktivitetar og møteplassar, slik at integreringa skjer i heile "
            "lokalsamfunnet."
        ),
        profile_en=(
            "Lørenskog lies east of Oslo and has residents with roots in many countries. The "
            "municipality puts this diversity to work: newcomers meet staff and volunteers who "
            "came to Norway themselves and can show the way.\n\n"
            "Kindergartens and schools are central to the work, with close contact with parents "
            "and support for children who need extra help with the language. For adults, the "
            "introduction programme combines Norwegian with placements in retail, logistics and "
            "care in the region.\n\n"
            "The municipality works with faith communities, immigrant organisations and sports "
            "clubs on information, activities and meeting places, so that integration happens "
            "across the whole community."
        ),
    ),
]
