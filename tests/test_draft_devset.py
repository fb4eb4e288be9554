"""The drafter on the development set: real articles annotated by hand (tests/fixtures/draft).

Each ``<slug>.quotes.yaml`` lists every quotation of ``<slug>.txt`` with its offsets and its
speaker's full name. The floors are the scores measured when the rules were last changed (quote
F1, speaker accuracy over all annotated quotes): a change to a rule may raise them, never lower
them unnoticed. The rules were developed against this set's misses, so these scores overstate
what the drafter does on articles it has not seen. The set grew in batches, each scored before any
rule saw it (its README gives those scores: speaker accuracy 0.57-0.75 per batch); the held-out
set (tests/fixtures/draft-heldout) measures what the drafter does on articles no rule has seen.
A rule must name the pattern it covers (tests/test_draft_rules.py), never an article of this set.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from stancegraph.drafting.compare import Score, score
from stancegraph.drafting.draft import draft
from stancegraph.drafting.reviewed import from_annotations
from stancegraph.mapping.pipeline import read_yaml
from stancegraph.mapping.spec import Registry, parse_registry

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "fixtures" / "draft"
#: (article, quote F1, speaker accuracy) as measured when the rules were last changed.
FLOORS = (
    ("aaditya-thackeray-betrayal-sena-crisis", 0.88, 0.25),
    ("aala-park-stabbing-arrest", 1.00, 1.00),
    ("aberdeen-councillor-bore-for-scotland", 1.00, 0.28),
    ("aleppo-mortar-shopkeepers", 1.00, 0.83),
    ("all-blacks-bledisloe-changing-room", 1.00, 1.00),
    ("altman-gpt5-rollout", 1.00, 1.00),
    ("amla-century-port-elizabeth", 1.00, 1.00),
    ("amman-pavements-pedestrians-parking", 1.00, 1.00),
    ("anadolu-gaza-office-condemned", 1.00, 0.85),
    ("angus-provost-boyd-speed-video", 0.96, 0.57),
    ("apple-jobs-iphone-earnings", 1.00, 1.00),
    ("arlington-police-shoot-suspect", 1.00, 0.80),
    ("arts-council-cowardly-grant-cuts", 1.00, 1.00),
    ("astrazeneca-ceo-speculation", 1.00, 1.00),
    ("athleague-hurling-county-final-reaction", 1.00, 0.50),
    ("babar-saqlain-twitter-troll", 0.88, 0.60),
    ("baek-yerin-new-york-concert-cancelled", 0.85, 0.50),
    ("bahamas-police-shootout", 1.00, 1.00),
    ("bailout-rejected-reactions", 1.00, 1.00),
    ("bangladesh-al-jazeera-report-home-minister", 1.00, 0.50),
    ("belfast-pcsp-meetings-disrupted", 1.00, 0.60),
    ("belfast-waterworks-sectarian-disturbances", 1.00, 0.75),
    ("bithlo-brush-fire", 1.00, 1.00),
    ("bjp-ministers-back-amit-shah", 1.00, 1.00),
    ("boone-standoff-deputy-killed-neighbor", 1.00, 1.00),
    ("boris-johnson-bbc-breakfast", 1.00, 1.00),
    ("brazil-bolsonaro-guaido-visit", 0.90, 0.66),
    ("buhari-meets-governors-villa", 1.00, 0.66),
    ("cameron-refuses-coalition-talk", 1.00, 1.00),
    ("canadian-space-telescope-exoplanets", 1.00, 1.00),
    ("cape-girardeau-downtown-booming", 1.00, 1.00),
    ("cassini-end-perfect-spacecraft", 1.00, 0.85),
    ("chavan-dismisses-leadership-change", 1.00, 1.00),
    ("chester-heights-neighbor-shooting", 1.00, 1.00),
    ("christie-bridge-sentencing", 1.00, 1.00),
    ("cisco-ceo-apologizes", 1.00, 1.00),
    ("coin-upsets-ivanovic-us-open", 1.00, 1.00),
    ("colombia-candidates-close-campaigns", 1.00, 1.00),
    ("construction-leaders-build-build-build", 1.00, 1.00),
    ("corning-chairman-annual-meeting", 1.00, 1.00),
    ("curiosity-rover-press-conference", 1.00, 1.00),
    ("cyprus-anastasiades-greek-rift", 1.00, 1.00),
    ("danville-downtown-holiday-season", 1.00, 1.00),
    ("daviess-county-tornado-cleanup", 1.00, 1.00),
    ("deshler-regional-final-loss-seniors", 1.00, 1.00),
    ("detroit-chief-dropped-charges", 1.00, 1.00),
    ("dewan-rakyat-stupid-1mdb", 1.00, 0.50),
    ("duterte-unaware-sara-vp-filing", 1.00, 0.60),
    ("earnest-garrett-briefing-clash", 1.00, 0.75),
    ("economists-king-inflation-letter", 1.00, 1.00),
    ("fifa-week-in-quotes-brewster-aguero", 1.00, 1.00),
    ("fiji-parliament-ministerial-statements", 1.00, 1.00),
    ("flames-sutter-stuck-for-words-canucks", 1.00, 1.00),
    ("flat-fire-tuolumne", 1.00, 1.00),
    ("fortuna-house-fire-family", 1.00, 1.00),
    ("france-aude-floods", 1.00, 1.00),
    ("french-fire-evacuation", 1.00, 1.00),
    ("fresno-teachers-strike-vote", 1.00, 1.00),
    ("g7-russia-sanctions-munich", 1.00, 0.50),
    ("gaia-milky-way-data", 1.00, 1.00),
    ("gatwick-runway-high-court", 1.00, 1.00),
    ("gaza-ceasefire-talks-cairo", 1.00, 0.66),
    ("gaza-rocket-sea-tel-aviv", 1.00, 1.00),
    ("ghana-regional-minister", 1.00, 1.00),
    ("gibraltar-gsd-spanish-minister-status", 1.00, 1.00),
    ("great-barrier-reef-scientists-not-listening", 1.00, 0.66),
    ("guterres-climate-summit", 1.00, 1.00),
    ("hanegbi-apology-nothing-to-eat", 1.00, 1.00),
    ("hanoi-residents-air-pollution", 1.00, 1.00),
    ("heat-wave-wmo-scientists", 1.00, 1.00),
    ("homs-residents-shelling-accounts", 1.00, 1.00),
    ("hong-kong-tear-gas-kowloon", 1.00, 1.00),
    ("htc-one-m9-turnaround", 1.00, 1.00),
    ("huntly-residents-blame-councils-flooding", 1.00, 0.80),
    ("i95-trooper-crash-survivor", 1.00, 0.75),
    ("idaho-student-murders-arrest", 1.00, 1.00),
    ("iit-madras-placements-on-hold", 1.00, 0.80),
    ("imee-marcos-quits-alyansa-slate", 0.94, 0.87),
    ("impeachment-vote-reaction", 1.00, 1.00),
    ("india-tiger-population-supriyo", 1.00, 0.75),
    ("indian-river-brush-fire", 1.00, 1.00),
    ("indonesia-aceh-flash-floods", 1.00, 1.00),
    ("ireland-russian-agent-politician", 1.00, 0.88),
    ("irsay-defends-saturday-hire", 1.00, 1.00),
    ("israel-boycotts-al-jazeera", 1.00, 1.00),
    ("jakarta-quake-residents-flee", 1.00, 1.00),
    ("judge-praises-garda-heroin-sentence", 0.85, 0.50),
    ("kenya-mutua-un-protests-statement", 1.00, 0.75),
    ("kerala-relief-camps-schools", 1.00, 0.83),
    ("kishida-ldp-fundraising-underreporting", 1.00, 1.00),
    ("kodwa-moodey-da-not-ready-to-govern", 1.00, 0.85),
    ("kohli-adelaide-collapse", 0.90, 0.83),
    ("korea-pm-lee-confidential-reports-gnp", 1.00, 1.00),
    ("lancaster-parents-teacher-pulled", 1.00, 1.00),
    ("lebanon-hariri-resigns-protests", 0.80, 0.80),
    ("lebanon-jarrah-ministerial-statement", 1.00, 1.00),
    ("limerick-judge-garda-plead-guilty-advice", 1.00, 0.75),
    ("little-rock-homeowner-standoff", 1.00, 1.00),
    ("lula-argentines-remark-brazzil", 0.94, 0.75),
    ("luxor-goldsmith-tomb-discovery", 0.85, 0.50),
    ("malaysia-fahmi-iranian-oil-shipments", 1.00, 1.00),
    ("malik-lawson-kotla-defeat", 1.00, 1.00),
    ("mantashe-yengeni-acted-alone", 1.00, 0.80),
    ("mathare-killings-protest", 1.00, 0.50),
    ("mcdonnell-osborne-budget-chaos", 1.00, 1.00),
    ("mcilroy-open-two-putts", 1.00, 1.00),
    ("melbourne-victory-popovic", 1.00, 1.00),
    ("memphis-homicide-neighbors", 1.00, 1.00),
    ("meta-chatbot-zuckerberg", 1.00, 0.20),
    ("mexico-pri-claims-election-win", 1.00, 1.00),
    ("moray-council-coalition-talks", 1.00, 0.85),
    ("morrison-shake-it-off-spill-deal", 1.00, 0.83),
    ("moyes-rooney-west-ham", 1.00, 1.00),
    ("nacogdoches-rural-clinics-stay-open", 1.00, 1.00),
    ("nasa-hottest-july", 1.00, 1.00),
    ("nasa-nelson-scrubbed-launch", 1.00, 0.00),
    ("new-quarterbacks-season-openers", 1.00, 0.80),
    ("newport-eveswell-surgery-closure", 1.00, 1.00),
    ("nhs-leukaemia-drug-price-cut", 1.00, 0.40),
    ("nigeria-governors-buhari-salaries", 1.00, 0.28),
    ("nigeria-jega-dismisses-pdp-claim", 1.00, 1.00),
    ("norfolk-suffolk-teacher-strike", 0.76, 0.28),
    ("norwood-verdict-murray-family", 1.00, 0.71),
    ("nz-hospital-waiting-lists-dumped", 1.00, 0.66),
    ("obama-gop-senators-dinner", 1.00, 1.00),
    ("opec-falih-trump-oil-prices", 1.00, 1.00),
    ("optus-outage-network-fault", 0.95, 0.72),
    ("orlando-shooting-lake-county-officials-react", 1.00, 1.00),
    ("ottawa-strong-mayor-powers-criticized", 1.00, 1.00),
    ("oxford-vaccine-early-trial", 1.00, 0.80),
    ("pakistan-qureshi-us-visit", 1.00, 1.00),
    ("pakistan-sheikh-rashid-pdm-dialogue", 1.00, 0.16),
    ("parkland-vigil-students-parents", 1.00, 1.00),
    ("pension-reform-opposition-macron", 1.00, 0.44),
    ("peshawar-mosque-blast-bomber-identified", 1.00, 1.00),
    ("peskov-putin-saudi-visit", 1.00, 1.00),
    ("philippines-palace-duterte-tell-it-to-the-marines", 1.00, 0.85),
    ("philippines-quake-rescuers-search", 1.00, 1.00),
    ("phoenix-chief-cowan-arrest", 1.00, 1.00),
    ("plymouth-dairy-plant-layoffs", 1.00, 1.00),
    ("premier-league-opening-day-managers", 1.00, 1.00),
    ("priyanka-shahenshah-rebuttal", 1.00, 1.00),
    ("prospect-burglaries-police-meeting", 1.00, 0.83),
    ("qatar-sanchez-oman-arab-cup", 1.00, 1.00),
    ("rahul-gandhi-wayanad", 1.00, 1.00),
    ("record-heat-scientists-on-edge", 1.00, 1.00),
    ("renfrewshire-council-leak-snitch", 0.93, 0.87),
    ("rocky-mount-cooper-tire-plant-layoffs", 1.00, 1.00),
    ("rodgers-daka-leicester", 1.00, 1.00),
    ("roodepoort-flats-protest", 1.00, 1.00),
    ("rowley-no-fallout-barbados", 1.00, 0.60),
    ("san-jose-flood-evacuation-failure", 1.00, 1.00),
    ("sanyo-shares-slide", 1.00, 1.00),
    ("sarina-bushfire-evacuation-residents", 1.00, 1.00),
    ("scenic-rim-bushfire-mayor", 1.00, 1.00),
    ("schauble-refugee-avalanche-outrage", 1.00, 0.75),
    ("senators-support-zubiri", 1.00, 0.60),
    ("shoppers-happy-supermarket-prices", 1.00, 1.00),
    ("snellville-target-murder-trial-witnesses", 1.00, 1.00),
    ("spectator-boris-interview", 1.00, 1.00),
    ("spurs-beat-sonics-duncan", 1.00, 1.00),
    ("sri-lanka-garment-layoffs-recession", 1.00, 1.00),
    ("sri-lanka-parliament-reconvene", 1.00, 0.75),
    ("sri-lanka-teachers-fuel-price-strike", 1.00, 1.00),
    ("st-thomas-robbers-police-shooting", 1.00, 1.00),
    ("state-of-union-reaction-nuggets", 1.00, 1.00),
    ("suffolk-small-business-saturday-downtown", 1.00, 1.00),
    ("t-mobile-outage-fcc-investigation", 1.00, 0.87),
    ("talktalk-hackers-ransom", 1.00, 1.00),
    ("teamsters-ups-talks-resume", 1.00, 1.00),
    ("texans-beat-bears-postgame-quotes", 1.00, 0.57),
    ("texas-church-shooting-new-england-lawmakers", 1.00, 0.80),
    ("thibodeau-knicks-game-two", 1.00, 1.00),
    ("trelawny-machete-killings", 1.00, 1.00),
    ("trikomo-court-espionage-accomplices", 1.00, 0.83),
    ("tucson-barricaded-suspect-neighbors", 1.00, 1.00),
    ("tucson-teen-found-dead", 1.00, 1.00),
    ("uae-ambassador-misquoted-iran", 1.00, 0.62),
    ("uae-recalls-envoy-abu-mousa", 1.00, 1.00),
    ("vaccine-timeline-skepticism", 1.00, 1.00),
    ("varadkar-davis-brexit-strange-inaccurate", 1.00, 0.71),
    ("von-der-leyen-meps-confirm", 1.00, 1.00),
    ("wall-street-retail-sales-close", 1.00, 1.00),
    ("weeknd-cancels-sofi-concert", 0.90, 0.00),
    ("west-catholic-vigil-akyra-murray", 1.00, 1.00),
    ("which-supermarket-super-complaint", 1.00, 0.80),
    ("winnipeg-multi-year-budget-vote", 1.00, 0.66),
    ("wynne-harper-meeting-productive", 1.00, 0.83),
    ("zarah-sultana-dodgy-ministers", 1.00, 0.75),
    ("zimmerman-trial-mothers-testimony", 0.88, 0.80),
    ("zimmerman-witness-accounts", 1.00, 1.00),
)
#: The whole set: 1,044 quotes (precision 0.99, recall 0.99, F1 0.99), 897 speakers right (0.86).
TOTAL_F1, TOTAL_SPEAKERS = 0.99, 897


@pytest.fixture(scope="module")
def registry() -> Registry:
    mappings = ROOT / "mappings"
    return parse_registry(read_yaml(mappings / "actors.yaml"), read_yaml(mappings / "issues.yaml"))


def scored(slug: str, registry: Registry) -> Score:
    text = (DEV / f"{slug}.txt").read_text(encoding="utf-8")
    gold = from_annotations(read_yaml(DEV / f"{slug}.quotes.yaml"), text)
    return score(text, draft(text, slug, registry.actors.values()), gold)


def test_every_annotated_article_has_a_floor() -> None:
    annotated = {p.name.removesuffix(".quotes.yaml") for p in DEV.glob("*.quotes.yaml")}
    assert annotated == {slug for slug, _, _ in FLOORS}


@pytest.mark.parametrize(("slug", "f1", "speakers"), FLOORS, ids=[f[0] for f in FLOORS])
def test_scores_hold_their_floor(slug: str, f1: float, speakers: float, registry: Registry) -> None:
    found = scored(slug, registry)
    assert found.f1 >= f1 - 0.005, found.summary()
    assert found.speaker_accuracy >= speakers - 0.005, found.summary()


def test_the_whole_set_holds_its_floor(registry: Registry) -> None:
    scores = [scored(slug, registry) for slug, _, _ in FLOORS]
    quotes = sum(s.quotes for s in scores)
    matched, drafted = sum(s.matched for s in scores), sum(s.drafted for s in scores)
    precision, recall = matched / drafted, matched / quotes
    assert 2 * precision * recall / (precision + recall) >= TOTAL_F1
    assert sum(s.right_speaker for s in scores) >= TOTAL_SPEAKERS
