"""Word lists the drafter reads names and roles with: general English news usage only.

No list names a person, place or outlet of a particular article: titles and roles written before
a name, words that start a sentence rather than a name, and the words that make a capitalised
sequence an organisation or a place, an event or a thing rather than a person.
"""

from __future__ import annotations


def words(block: str) -> frozenset[str]:
    """The words of a block, one or more a line."""
    return frozenset(block.split())


#: Titles, roles and descriptions written before a name ("Battalion Chief", "resident").
TITLES = words(
    """
    acting activist actor actress adm administrator admiral adviser advisor aide alderman
    ambassador analyst anchor archbishop artist assistant associate astronomer astrophysicist
    attorney attorney-general atty auditor aunt author baron baroness battalion biologist bishop
    boss boyfriend duchess duke earl marquess pres viscount barrister solicitor qualifier
    rookie freshman sophomore champion pitcher quarterback winger batsman bowler jockey trainer
    umpire referee linebacker receiver undersecretary under-secretary cllr tánaiste taoiseach
    datuk datin dato tun haji hajjah
    filmmaker producer novelist poet composer designer entrepreneur photographer comedian
    broadcaster dancer athlete sprinter swimmer cyclist golfer boxer skier
    brigadier brother campaigner candidate capt captain cardinal ceo cfo chair chairman
    chairperson chairwoman chancellor chef chemist chief climatologist cmdr co-defendant
    co-founder coach cofounder col colonel columnist commander commissioner comptroller
    congressman congresswoman constable coo corporal correspondent councillor councilman
    councilor councilwoman cousin cpl cto dame daughter dean defence defendant defender defense
    delegate deputies deputy det detective director director-general doctor dr economist economy
    editor emeritus employee envoy executive experienced expert father fiancé fiancée finance
    foreign former forward founder fr friend gen general girlfriend goalkeeper gov governor
    grandfather grandmother head health historian hon honorable honourable host husband imam
    insp inspector interim interior interviewer journalist judge junior justice king lady
    lawmaker lawyer leader legislator lieutenant long-time lord lt maj major majority manager
    marshal mayor mayor-elect md mep midfielder military minister minister's minority miss
    mother mp mr mrs ms neighbor neighbour nephew niece nominee nurse officer official
    opposition owner partner pastor physicist plaintiff player pm political pope premier
    presenter president president-elect prime prince princess principal private prof professor
    provost psychologist publicist pvt queen rabbi rapper rector rep reporter representative
    researcher resident rev reverend scientist secretary secretary-general sen senator senior
    sergeant sgt shadow sheikh sheriff singer sir sister skipper son speaker spokesman
    spokesperson spokeswoman star state striker student superintendent supt surgeon suspect
    teacher treasurer trooper uncle veteran vice vice-president victim vp whip wife witness
    worker
    """
)

#: Portfolio words after "Minister of" ("Minister of Foreign Affairs Jane Doe").
PORTFOLIO = words(
    """
    affairs agriculture budget commerce communications culture defence defense development
    economic economy education energy environment finance fisheries foreign gas health home
    homeland housing human immigration industry information interior justice labor labour lands
    media mines mining natural oil operations personnel petroleum planning power public
    publicity relations resources science security social sport sports state technology tourism
    trade transport transportation treasury veterans water welfare women works youth police
    prosecutions research schools environmental international cooperation arts higher basic
    correctional
    """
)

#: Capitalised words that start a sentence rather than a name.
STARTERS = words(
    """
    a about according acknowledging across adding addressing after again all also although among an
    branding calling claiming describing dubbing insisting noting saying terming warning
    analysis and another any apart april around as asked at august because before behind between
    beyond both breaking but by clearly commenting contrary criticising criticizing dear
    december despite down during each earlier even every exclusive february few first five for
    four friday from he help her here hey he’s his how however i i'm if in instead into it it's
    its it’s i’m january july june just kosovo’s last later less let let’s like live local look
    many march may meanwhile monday more most my near next no not note november now obviously
    october of off officials oh on once one only onto opinion other our out over per please
    police read saturday see september several she she’s shortly since so some sources speaking
    statement statements still such suddenly sunday thank thanks that that’s the their then
    there there’s these they they’re this those though three thursday to today today’s told
    tomorrow tuesday two under unlike until up update via watch we wednesday well we’re what
    when whenever where whether while who why with yes yesterday yet you your
    """
)

#: Words that make a capitalised sequence an organisation.
ORGANIZATION_WORDS = words(
    """
    academy administration ag agency airlines airways alliance army assembly association
    authority bakery bank bar board brewery brigade broadcasting bureau cabinet cafe café capital
    center centre channel clinic farm gallery hotel inn mall pharmacy pub restaurant salon shop
    store theater theatre winery
    church club co coalition college commission committee company congress corp corporation
    council court department electric energy enterprises exchange federation force forces
    foundation front fund gmbh government group guard holdings hospital house inc incorporated
    index industries institute institution kingdom laboratories labs league library llc ltd
    magazine market markets media ministry motors movement museum nations navy network news
    observatory office online organisation organization panel parliament partners party patrol
    pharmaceuticals plc police post press program programme radio records republic rescue review
    sa school secretariat securities senate service society squad states stock studios systems
    team technologies television times tribunal trust tv union united university
    """
)

#: Words that make a capitalised sequence a place, an event or a thing, never a person.
PLACE_WORDS = words(
    """
    accord act agreement airport avenue award awards balkans bay beach bill boulevard bridge
    canyon championship city coast conference convention county cup cyclone day deal desert
    district drive earthquake east election elections europe expo fair family festival flood
    forest forum games gulf harbor harbour heights highway hill hills hurricane island islands
    lake lakes lane meeting month mountain mountains north northeast northwest ocean olympics
    pandemic park peak plan port prize programme province referendum region river road sea
    session south southeast southwest square station storm strait strategy street summit
    territory tournament tower town treaty typhoon valley village war week west year
    """
)

#: Role nouns that refer back to a named holder ("the minister").
ROLE_NOUNS = words(
    """
    ambassador analyst backbencher boss brother candidate captain ceo chairman chairperson chairwoman chancellor
    chief coach commissioner daughter diplomat director economist envoy expert father governor
    husband judge lawmaker lawyer leader legislator manager mayor minister mla mother mp officer
    official owner pm premier president professor prosecutor researcher secretary senator
    sheriff sister son spokesman spokesperson spokeswoman taoiseach tánaiste wife
    """
)

#: Nouns that refer back to the last organisation named ("the company said").
ORGANIZATION_NOUNS = words(
    """
    agency airline automaker bank broadcaster carrier charity club company council department
    drugmaker firm government group hospital insurer lender maker manufacturer ministry network
    newspaper office organisation organization outlet paper party publisher retailer school team
    union university utility website
    """
)

#: Words after which a capitalised name is a place ("in New York", "at Camp David").
PLACE_PREPOSITIONS = words(
    """
    across around at in inside into near outside through throughout toward towards within
    """
)

#: Words before which no person's bare name stands ("the White House", "his Grand Prix win").
DETERMINERS = words(
    """
    a an her his its my our that the their these this those your
    """
)

#: Capitalised abbreviations that name no organisation ("CEO", "GDP"), unlike "NASA" or "FBI".
NOT_ORGANIZATIONS = words(
    """
    ceo cfo coo cto gdp covid aids hiv dna rna tv pm mp mla mep faq usa ufo ai it ad bc vip ev
    suv ipo etf nft ok aedt aest acst awst gmt bst est edt cst cdt pst pdt cet cest utc ist
    """
)

#: Place and sentence words that are also common surnames, names after a given name or title.
SURNAME_WORDS = words(
    """
    bay beach bill bridge bridges day east fair field hall hill hills king lake lane march may
    north park peak post south summit tower town west wood young
    """
)

#: Words that open a sentence as its subject without naming anyone ("Everyone said").
INDEFINITE = words(
    """
    everyone everybody nobody someone somebody anyone none many most
    """
)

#: Family and friends: "sister of X" says who someone is to X, and is no title of X.
KIN = words(
    """
    sister brother mother father son daughter wife husband aunt uncle cousin niece nephew friend
    girlfriend boyfriend widow widower grandmother grandfather fiancé fiancée
    """
)

#: US states as newspapers abbreviate them ("R-Mass.", "said N.H. Sen. Jane Doe").
US_STATES = words(
    """
    ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont neb
    nev okla ore pa tenn tex va vt wash wis wyo n.h n.j n.m n.y n.c n.d s.c s.d r.i w.va d.c
    """
)

#: Census first names that news text uses far more often as places, months or words, so that
#: "Long Beach" or "Santa Claus" is no woman and "Will" no man.
NOT_GIVEN_NAMES = words(
    """
    houston georgia israel china india florida santa long may june april august will rich
    virginia carolina dakota jordan paris london sydney austin dallas denver phoenix savannah
    chelsea madison brooklyn sierra asia africa america italy france holland ireland january
    march july september october november december monday friday sunday christmas easter summer
    autumn winter spring cherry ruby pearl crystal grace hope faith joy
    """
)

#: Abbreviations that end in a dot without ending the sentence ("Mr.", "Sen.", "U.S.", "Jan.").
ABBREVIATIONS = words(
    """
    mr mrs ms dr st gen sen rep gov pres cllr lt col capt sgt prof jr sr hon rev fr u.s u.k u.n
    no vs etc inc ltd jan feb mar apr aug sep sept oct nov dec
    """
)

#: Role nouns news writes for others: "the skipper" is the captain, "the gaffer" the manager.
ROLE_SYNONYMS = {"skipper": "captain", "gaffer": "manager", "boss": "chief"}

#: Roles that, when the text names no holder, mean the person just named or the article's
#: principal person ("the minister said" in an article about one minister).
LEADER_ROLES = words(
    """
    minister president pm premier chancellor governor mayor senator ceo chairman chairwoman
    chairperson coach manager leader chief secretary director commissioner sheriff lawmaker
    legislator mp mla backbencher owner boss candidate taoiseach tánaiste
    """
)

#: Verbs that say someone spoke, whatever follows them ("X speaks with FIFA.com after …").
SPEAKING = words(
    """
    said says told tells added adds speaks spoke
    """
)
