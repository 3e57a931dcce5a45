"""The demo programme as data: programme, phases, organisations and the initiatives.

Facts (countries, phases, counterpart institutions and places) follow the product description;
the texts are written for the demo. Initiatives of the first two phases carry calendar dates;
those of the current phase are placed relative to today (``when=(months from the start of this
quarter, duration in months)``) so the demo always has past periods with actuals, a current
period and future ones. ``health`` sets how the results framework is going ("g" good, "m" mixed,
"p" poor) so that on-track, at-risk and off-track indicators all occur.

Deliberate gaps in the sector x level matrices: Jamaica and Bangladesh have no local or regional
initiatives, Nepal has no national one, Tunisia and Ecuador no regional one.
Other apps' seeders find these objects by their natural keys (initiative ``code``, organisation
``name`` + country).
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

PROGRAMME = {
    "iati_identifier": "XM-DAC-41114-MIGDEV",
    "name": "Migration and Sustainable Development Global Programme",
    "short_name": "Migration for Development",
    "currency": "USD",
    "description": (
        "A joint UN programme that helps local and national authorities in eleven countries build "
        "migration into their development planning, so that human mobility contributes to the 2030 "
        "Agenda. It trains officials, sets up coordination between sectors and levels of government, "
        "and co-finances initiatives that put migration-aware policies into practice."
    ),
}

# number, name, start, end, countries (ISO 3166-1 alpha-2)
PHASES = [
    (1, "Pilot phase", datetime.date(2011, 1, 1), datetime.date(2013, 12, 31), ["BD", "JM", "MD", "TN"]),
    (2, "Second phase", datetime.date(2014, 1, 1), datetime.date(2018, 12, 31),
     ["BD", "JM", "MD", "TN", "EC", "KG", "MA", "RS"]),
    (3, "Third phase", datetime.date(2019, 1, 1), None,
     ["BD", "EC", "JM", "KG", "MD", "MA", "NP", "PH", "SN", "RS", "TN"]),
]

# key: (name, acronym, kind, country ISO or None, usual currency, IATI organisation identifier)
ORGANISATIONS = {
    "undp": ("United Nations Development Programme", "UNDP", "un_agency", None, "USD", "XM-DAC-41114"),
    "iom": ("International Organization for Migration", "IOM", "un_agency", None, "USD", "XM-DAC-47066"),
    "sdc": ("Swiss Agency for Development and Cooperation", "SDC", "donor", None, "CHF", "CH-4"),
    "eu": ("European Commission – Directorate-General for International Partnerships", "DG INTPA", "donor",
           None, "EUR", "XI-IATI-EC_INTPA"),
    "sida": ("Swedish International Development Cooperation Agency", "Sida", "donor", None, "SEK", "SE-0"),
    "ec_vmhm": ("Vice-Ministry of Human Mobility", "", "national_ministry", "EC", "USD", ""),
    "manta": ("Municipality of Manta", "", "local_authority", "EC", "USD", ""),
    "stodgo": ("Municipality of Santo Domingo de los Tsáchilas", "", "local_authority", "EC", "USD", ""),
    "pioj": ("Planning Institute of Jamaica", "PIOJ", "national_ministry", "JM", "JMD", ""),
    "kg_mlm": ("Ministry of Labour and Migration", "", "national_ministry", "KG", "KGS", ""),
    "barskoon": ("Barskoon local government", "", "local_authority", "KG", "KGS", ""),
    "suzak": ("Suzak local government", "", "local_authority", "KG", "KGS", ""),
    "rs_crm": ("Commissariat for Refugees and Migration", "KIRS", "national_ministry", "RS", "RSD", ""),
    "plandiste": ("Municipality of Plandište", "", "local_authority", "RS", "RSD", ""),
    "svilajnac": ("Municipality of Svilajnac", "", "local_authority", "RS", "RSD", ""),
    "opovo": ("Municipality of Opovo", "", "local_authority", "RS", "RSD", ""),
    "medvedja": ("Municipality of Medveđa", "", "local_authority", "RS", "RSD", ""),
    "leskovac": ("City of Leskovac", "", "local_authority", "RS", "RSD", ""),
    "md_drb": ("Diaspora Relations Bureau", "BRD", "national_ministry", "MD", "MDL", ""),
    "carpineni": ("Cărpineni mayor's office", "", "local_authority", "MD", "MDL", ""),
    "hta_carpineni": ("Hometown association of Cărpineni", "", "diaspora", "MD", "EUR", ""),
    "hta_leova": ("Hometown association of Leova", "", "diaspora", "MD", "EUR", ""),
    "stlouis": ("Commune of Saint-Louis", "", "local_authority", "SN", "XOF", ""),
    "diourbel": ("Departmental Council of Diourbel", "", "regional_authority", "SN", "XOF", ""),
    "sedhiou": ("Regional Development Agency of Sédhiou", "ARD Sédhiou", "regional_authority", "SN", "XOF", ""),
    "ma_mre": ("Ministry in charge of Moroccans Residing Abroad and Migration Affairs", "", "national_ministry",
               "MA", "MAD", ""),
    "oujda": ("Commune of Oujda", "", "local_authority", "MA", "MAD", ""),
    "oriental": ("Regional Council of the Oriental", "", "regional_authority", "MA", "MAD", ""),
    "ph_wv": ("Western Visayas regional development office", "", "regional_authority", "PH", "PHP", ""),
    "iloilo": ("Provincial Government of Iloilo", "", "local_authority", "PH", "PHP", ""),
    "antique": ("Provincial Government of Antique", "", "local_authority", "PH", "PHP", ""),
    "dhangadhi": ("Dhangadhi Sub-Metropolitan City", "", "local_authority", "NP", "NPR", ""),
    "tulsipur": ("Tulsipur Sub-Metropolitan City", "", "local_authority", "NP", "NPR", ""),
    "bd_moewoe": ("Ministry of Expatriates' Welfare and Overseas Employment", "MoEWOE", "national_ministry",
                  "BD", "BDT", ""),
    "tn_mas": ("Ministry of Social Affairs", "", "national_ministry", "TN", "TND", ""),
    "tn_ote": ("Office for Tunisians Abroad", "OTE", "national_ministry", "TN", "TND", ""),
    "kairouan": ("Municipality of Kairouan", "", "local_authority", "TN", "TND", ""),
}

# Approximate coordinates of the places initiatives work in (for maps).
PLACES = {
    "Manta": ("-0.96770", "-80.70890"), "Santo Domingo de los Tsáchilas": ("-0.25300", "-79.17540"),
    "Quito": ("-0.18070", "-78.46780"), "Kingston": ("17.97140", "-76.79360"),
    "Bishkek": ("42.87460", "74.56980"), "Barskoon": ("42.15420", "77.60220"), "Suzak": ("40.89750", "72.90360"),
    "Belgrade": ("44.78660", "20.44890"), "Plandište": ("45.22690", "21.12170"),
    "Svilajnac": ("44.23440", "21.19470"), "Opovo": ("45.05220", "20.43000"), "Medveđa": ("42.84390", "21.58470"),
    "Leskovac": ("42.99810", "21.94610"), "Chișinău": ("47.01050", "28.86380"), "Cărpineni": ("46.77360", "28.36560"),
    "Saint-Louis": ("16.01790", "-16.48960"), "Diourbel": ("14.65500", "-16.23140"), "Sédhiou": ("12.70810", "-15.55690"),
    "Rabat": ("34.02090", "-6.84160"), "Oujda": ("34.68140", "-1.90860"),
    "Iloilo City": ("10.72020", "122.56210"), "San Jose de Buenavista": ("10.74460", "121.94130"),
    "Dhangadhi": ("28.70000", "80.59000"), "Tulsipur": ("28.13060", "82.29730"), "Dhaka": ("23.81030", "90.41250"),
    "Tunis": ("36.80650", "10.18150"), "Kairouan": ("35.67810", "10.09630"),
}

# Where a country's teams go for exchanges with another programme country: (ISO, place).
EXCHANGE_PARTNER = {
    "EC": ("MA", "Oujda"), "MA": ("EC", "Manta"), "TN": ("MA", "Oujda"), "SN": ("MA", "Oujda"),
    "RS": ("MD", "Chișinău"), "MD": ("RS", "Belgrade"), "KG": ("MD", "Chișinău"), "NP": ("PH", "Iloilo City"),
    "BD": ("NP", "Dhangadhi"), "PH": ("NP", "Dhangadhi"), "JM": ("EC", "Quito"),
}
CAPITALS = {
    "EC": "Quito", "JM": "Kingston", "KG": "Bishkek", "RS": "Belgrade", "MD": "Chișinău", "SN": "Dakar",
    "MA": "Rabat", "PH": "Iloilo City", "NP": "Kathmandu", "BD": "Dhaka", "TN": "Tunis",
}


@dataclass(frozen=True)
class InitiativeSpec:
    code: str
    country: str
    level: str
    lead: str
    place: str
    title: str
    summary: str
    sectors: list[str]
    support: list[str]
    sdg: dict[str, int]
    gcm: list[int]
    dac: list[str]
    budget: str
    currency: str
    funders: list[str]
    theme: str
    health: str
    when: tuple
    partners: list[str] = field(default_factory=list)
    other_countries: list[str] = field(default_factory=list)
    results: int = 2
    extending: str = "undp"


S = InitiativeSpec
TA, FA, CB, CM = "technical-assistance", "financial-assistance", "capacity-building", "coordination-mechanism"
D = datetime.date

INITIATIVES: list[InitiativeSpec] = [
    # ---- Pilot phase (2011-2013), closed
    S("BD-P1-PLAN", "BD", "national", "bd_moewoe", "Dhaka",
      "Evidence and drafting support for migration in the national development plan",
      "Analytical work and drafting support so that the national plan treats overseas employment and "
      "remittances as part of the country's development strategy, not as a separate sector.",
      ["migration-governance", "labour", "economic-development"], [TA, CB], {"10.7": 60, "17.18": 20, "8.8": 20},
      [1, 23], ["15190", "13096"], "420000", "USD", ["sdc"], "policy", "g", (D(2011, 9, 1), D(2013, 6, 30)), results=1),
    S("JM-P1-POLICY", "JM", "national", "pioj", "Kingston",
      "Drafting a national policy on international migration and development",
      "Support to the national working group that drafted the migration and development policy, "
      "including consultations with the diaspora and with returning residents.",
      ["migration-governance", "diaspora"], [TA, CM], {"10.7": 70, "17.18": 30},
      [1, 19, 23], ["15190"], "380000", "USD", ["sdc"], "policy", "g", (D(2011, 10, 1), D(2013, 12, 31))),
    S("TN-P1-PLAN", "TN", "national", "tn_mas", "Tunis",
      "Migration in regional development planning: pilot with the Ministry of Social Affairs",
      "A first attempt to bring the needs of returnees and of Tunisians abroad into regional "
      "development plans, tested with the Ministry of Social Affairs.",
      ["social-protection", "local-planning"], [TA, CB], {"10.7": 60, "1.3": 40},
      [19, 21], ["15190", "16010"], "300000", "USD", ["sdc"], "policy", "m", (D(2012, 3, 1), D(2013, 12, 31))),
    # ---- Second phase (2014-2018), closed
    S("EC-P2-MANTA", "EC", "local", "manta", "Manta",
      "Human mobility in Manta's development and land-use plan",
      "Manta's planning department worked human mobility into its development and land-use plan, "
      "with a diagnosis of who arrives, who leaves and which services they use.",
      ["local-planning", "migration-governance"], [TA, CM], {"10.7": 60, "11.3": 40},
      [1, 15], ["15190", "43030"], "220000", "USD", ["sdc"], "coordination", "g", (D(2015, 3, 1), D(2016, 12, 31))),
    S("KG-P2-STRATEGY", "KG", "national", "kg_mlm", "Bishkek",
      "Migration in the national development strategy",
      "Technical assistance to the ministry to make labour migration and the return of migrants part "
      "of the national development strategy and of sector programmes.",
      ["migration-governance", "labour", "economic-development"], [TA, CB], {"10.7": 50, "8.8": 30, "10.c": 20},
      [5, 6, 19], ["15190", "16020"], "450000", "USD", ["sdc"], "policy", "m", (D(2015, 1, 1), D(2017, 12, 31))),
    S("RS-P2-LMC", "RS", "national", "rs_crm", "Belgrade",
      "Local migration councils: a model and guidelines for municipalities",
      "The Commissariat developed the model for local migration councils and local action plans, and "
      "tested it with a first group of municipalities.",
      ["migration-governance", "local-planning", "social-protection"], [CM, TA, CB], {"10.7": 70, "17.18": 30},
      [15, 16, 23], ["15190", "15112"], "480000", "USD", ["sdc"], "coordination", "g",
      (D(2014, 6, 1), D(2018, 6, 30))),
    # ---- Third phase (from 2019): Ecuador
    S("EC-MANTA-JOBS", "EC", "local", "manta", "Manta",
      "Municipal job board open to people on the move in Manta",
      "Manta's municipal job board registers migrants, returnees and local jobseekers alike, matches them "
      "with employers and refers them to training.",
      ["labour", "economic-development", "social-protection"], [TA, FA, CB], {"10.7": 40, "8.5": 35, "8.8": 25},
      [6, 16, 18], ["15190", "16020"], "240000", "USD", ["sdc"], "jobs", "g", (-15, 24), partners=["ec_vmhm"]),
    S("EC-STODGO-INCL", "EC", "local", "stodgo", "Santo Domingo de los Tsáchilas",
      "Socio-economic inclusion services in Santo Domingo de los Tsáchilas",
      "The municipality opens its employment and training services to Venezuelan and Colombian newcomers "
      "and to returning Ecuadorians, and works with employers on fair hiring.",
      ["labour", "local-planning", "education"], [TA, FA], {"10.7": 50, "10.2": 30, "4.4": 20},
      [16, 18], ["15190", "16020", "11330"], "260000", "USD", ["sdc", "eu"], "jobs", "m", (-12, 24),
      partners=["ec_vmhm"]),
    S("EC-VMHM-COORD", "EC", "national", "ec_vmhm", "Quito",
      "Local–national coordination on human mobility",
      "Technical assistance to the Vice-Ministry to run a standing dialogue with municipalities, so that "
      "national human-mobility policy reaches the cantons and local experience reaches Quito.",
      ["migration-governance", "local-planning"], [CM, TA], {"10.7": 70, "17.18": 30},
      [1, 15, 23], ["15190", "15112"], "320000", "USD", ["sdc"], "coordination", "m", (-20, 36), extending="iom"),
    S("EC-MANTA-HEALTH", "EC", "local", "manta", "Manta",
      "Migrant-sensitive primary health services in Manta",
      "In preparation: health-centre staff and community health promoters learn to serve people on the "
      "move; a referral route links the job board and the health centres.",
      ["health", "social-protection"], [CB, FA], {"3.8": 60, "10.7": 40},
      [15], ["15190", "12220"], "180000", "USD", ["sdc"], "services", "g", (3, 18)),
    # Jamaica
    S("JM-PIOJ-DIASPORA", "JM", "national", "pioj", "Kingston",
      "Putting the National Diaspora Policy into practice",
      "The Planning Institute coordinates ministries and diaspora organisations on the actions of the "
      "National Diaspora Policy: investment, skills transfer and philanthropy.",
      ["diaspora", "economic-development"], [CB, CM, TA], {"10.7": 40, "17.3": 30, "10.c": 30},
      [19, 20], ["15190", "24050"], "350000", "USD", ["sdc"], "diaspora", "g", (-24, 36)),
    S("JM-RETURNEES-IT", "JM", "national", "pioj", "Kingston",
      "IT literacy and job readiness for returning residents",
      "Courses in digital skills and job readiness for Jamaicans who came home, with placements arranged "
      "through employers that take part.",
      ["education", "labour"], [CB, FA], {"4.4": 50, "10.7": 30, "8.5": 20},
      [18, 21], ["15190", "11330"], "160000", "USD", ["sdc"], "returnees", "p", (-10, 18)),
    # Kyrgyzstan
    S("KG-MLM-CROWDFUND", "KG", "national", "kg_mlm", "Bishkek",
      "Diaspora crowdfunding pilot for local development",
      "An online platform where Kyrgyz abroad co-fund projects chosen by their home villages, with the "
      "ministry vouching for the projects and local governments for their upkeep.",
      ["diaspora", "economic-development", "local-planning"], [TA, FA], {"17.3": 40, "10.c": 30, "10.7": 30},
      [19, 20], ["15190", "24050"], "280000", "USD", ["sdc", "eu"], "diaspora", "m", (-18, 30)),
    S("KG-BARSKOON-LDP", "KG", "local", "barskoon", "Barskoon",
      "Migration in Barskoon's local development programme",
      "Barskoon's local development programme now counts the households with members abroad and plans "
      "services and small investments with them.",
      ["local-planning", "agriculture", "labour"], [CB, CM, FA], {"10.7": 50, "11.a": 25, "2.3": 25},
      [2, 19], ["15190", "43040"], "190000", "USD", ["sdc"], "coordination", "m", (-14, 24), partners=["kg_mlm"]),
    S("KG-SUZAK-LDP", "KG", "local", "suzak", "Suzak",
      "A migration-aware local development programme for Suzak",
      "Suzak plans social services and school places with families of migrants in mind, and gives "
      "returning migrants a way into the local economy.",
      ["local-planning", "social-protection", "education"], [CB, CM, FA], {"10.7": 50, "1.3": 25, "11.a": 25},
      [2, 15], ["15190", "16010"], "185000", "USD", ["sdc"], "coordination", "p", (-14, 24), partners=["kg_mlm"]),
    S("KG-MLM-DATA", "KG", "national", "kg_mlm", "Bishkek",
      "Labour-migration data for local planning",
      "In preparation: the ministry's registers and household surveys are to feed migration profiles that "
      "local governments can use when they plan.",
      ["migration-governance", "local-planning"], [TA], {"17.18": 60, "10.7": 40},
      [1], ["15190", "13096"], "150000", "USD", ["sdc"], "data", "g", (2, 24), results=1),
    # Moldova
    S("MD-DRB-HTA", "MD", "national", "md_drb", "Chișinău",
      "Hometown associations co-funding local projects",
      "The Bureau matches hometown associations abroad with their villages' mayors; each side puts money "
      "into small public works and services that the village chose.",
      ["diaspora", "local-planning", "economic-development"], [CM, FA, CB], {"17.3": 35, "10.7": 35, "11.a": 30},
      [19, 20, 23], ["15190", "24050", "15112"], "420000", "USD", ["sdc"], "diaspora", "g", (-26, 36),
      partners=["hta_carpineni", "hta_leova"]),
    S("MD-CARPINENI-YOUTH", "MD", "local", "carpineni", "Cărpineni",
      "A diaspora-supported youth employment centre in Cărpineni",
      "The mayor's office and the village's hometown association run a small centre that links young "
      "people with jobs, apprenticeships and diaspora-owned firms.",
      ["labour", "education", "diaspora"], [FA, TA], {"8.5": 40, "10.7": 30, "4.4": 30},
      [18, 19], ["15190", "16020"], "140000", "EUR", ["sdc", "eu"], "jobs", "m", (-12, 20),
      partners=["hta_carpineni", "md_drb"]),
    # Morocco
    S("MA-OUJDA-PAC", "MA", "local", "oujda", "Oujda",
      "Migration as a strategic axis of Oujda's municipal action plan",
      "Oujda's municipal action plan makes migration one of its strategic axes: a municipal migration "
      "unit, a local committee with civil society and services that newcomers can use.",
      ["local-planning", "social-protection", "housing", "migration-governance"], [CB, CM, TA],
      {"10.7": 50, "11.3": 25, "10.2": 25}, [15, 16], ["15190", "43030"], "250000", "USD", ["sdc"],
      "coordination", "g", (-18, 24), partners=["ma_mre"]),
    S("MA-OUJDA-DESK", "MA", "local", "oujda", "Oujda",
      "One-stop desk for migrants and returnees in Oujda",
      "A municipal desk where migrants, asylum seekers and returning Moroccans find information, "
      "civil-registration help and referrals to health and social services.",
      ["health", "social-protection", "justice"], [FA, TA], {"10.7": 40, "3.8": 30, "16.9": 30},
      [4, 7, 15], ["15190", "15136"], "200000", "EUR", ["eu"], "services", "m", (-6, 18), extending="iom"),
    S("MA-MRE-REGIONAL", "MA", "national", "ma_mre", "Rabat",
      "Regional migration strategies: technical assistance to the ministry",
      "The ministry helps regions write migration into their regional development plans and coordinates "
      "its programmes for Moroccans abroad with them.",
      ["migration-governance", "local-planning"], [TA, CM], {"10.7": 60, "17.18": 20, "10.c": 20},
      [19, 23], ["15190", "15112"], "380000", "USD", ["sdc"], "policy", "m", (-22, 36)),
    S("MA-ORIENTAL-PLATFORM", "MA", "regional", "oriental", "Oujda",
      "A regional platform on migration and development for the Oriental",
      "The regional council convenes provinces, communes, universities and associations to agree on "
      "shared priorities for mobility, employment and investment by Moroccans abroad.",
      ["local-planning", "economic-development", "labour"], [CM, CB], {"10.7": 60, "8.5": 40},
      [19, 23], ["15190", "15112"], "210000", "USD", ["sdc"], "coordination", "p", (-10, 24), partners=["oujda"]),
    # Nepal
    S("NP-DHANGADHI-REMIT", "NP", "local", "dhangadhi", "Dhangadhi",
      "Safer remittances and livelihoods for migrant families in Dhangadhi",
      "Using the migration mandate that the 2017 Local Government Operation Act gave municipalities, "
      "Dhangadhi offers financial literacy, cheaper transfer channels and small-business support.",
      ["economic-development", "social-protection", "gender"], [FA, CB], {"10.c": 40, "8.10": 30, "10.7": 30},
      [20, 19], ["15190", "24050"], "230000", "USD", ["sdc"], "remittances", "g", (-16, 24)),
    S("NP-TULSIPUR-DESK", "NP", "local", "tulsipur", "Tulsipur",
      "Migration information and counselling desk in Tulsipur",
      "A municipal desk that tells prospective migrants about safe recruitment, registers complaints "
      "against agents and supports families left behind.",
      ["labour", "justice", "gender"], [CB, TA, FA], {"10.7": 40, "8.7": 30, "5.2": 30},
      [3, 6, 10], ["15190", "15180"], "170000", "USD", ["sdc", "sida"], "protection", "m", (-9, 18)),
    # Philippines
    S("PH-WV-PLAN", "PH", "regional", "ph_wv", "Iloilo City",
      "Migration and development in the Western Visayas regional development plan",
      "The regional development office brings provinces and line agencies together on a migration and "
      "development chapter of the regional plan and its monitoring.",
      ["local-planning", "migration-governance", "economic-development"], [CM, TA], {"10.7": 50, "17.18": 25, "11.a": 25},
      [1, 19, 23], ["15190", "15112"], "300000", "USD", ["sdc"], "coordination", "g", (-20, 30)),
    S("PH-ILOILO-CENTRE", "PH", "local", "iloilo", "Iloilo City",
      "Provincial migrant centre in Iloilo: case management and reintegration",
      "The provincial migrant centre handles cases of distressed workers and families and refers "
      "returnees to livelihood and training programmes.",
      ["social-protection", "labour", "justice"], [FA, CB], {"10.7": 40, "8.7": 30, "16.2": 30},
      [7, 14, 21], ["15190", "16010"], "240000", "USD", ["sdc"], "protection", "m", (-12, 24), partners=["ph_wv"]),
    S("PH-ANTIQUE-CENTRE", "PH", "local", "antique", "San Jose de Buenavista",
      "Antique migrant centre: reintegration of returning workers",
      "A new provincial centre in Antique helps returning overseas workers find work, certify skills "
      "and start small businesses.",
      ["labour", "social-protection", "education"], [FA, CB], {"10.7": 50, "8.8": 30, "4.4": 20},
      [18, 21], ["15190", "16020"], "200000", "USD", ["sdc"], "returnees", "p", (-6, 20), partners=["ph_wv"]),
    # Senegal
    S("SN-STLOUIS-JOBS", "SN", "local", "stlouis", "Saint-Louis",
      "Local economic initiatives with returnees and young people in Saint-Louis",
      "Small grants and coaching for businesses started by returnees and young people, chosen with the "
      "commune's economic development office.",
      ["labour", "economic-development", "agriculture"], [FA, TA], {"8.5": 40, "10.7": 40, "2.3": 20},
      [2, 18, 21], ["15190", "16020"], "260000", "USD", ["sdc", "eu"], "jobs", "m", (-14, 24)),
    S("SN-DIOURBEL-VALUE", "SN", "regional", "diourbel", "Diourbel",
      "Migrant-supported agricultural value chains in Diourbel",
      "The departmental council works with emigrants' associations to invest remittances in processing "
      "and marketing of local produce.",
      ["agriculture", "economic-development", "diaspora"], [FA, CB], {"2.3": 40, "10.c": 30, "10.7": 30},
      [2, 19, 20], ["15190", "43040"], "230000", "USD", ["sdc"], "jobs", "g", (-10, 24)),
    S("SN-SEDHIOU-PLAN", "SN", "regional", "sedhiou", "Sédhiou",
      "Migration in Sédhiou's regional planning cycle",
      "The regional development agency adds migration data and the views of women and young people to "
      "the planning cycle of the communes it supports.",
      ["local-planning", "gender", "migration-governance"], [CB, CM], {"10.7": 60, "5.2": 20, "11.a": 20},
      [1, 2], ["15190", "15170"], "180000", "USD", ["sdc"], "coordination", "p", (-18, 24)),
    S("SN-SEDHIOU-YOUTH", "SN", "regional", "sedhiou", "Sédhiou",
      "A youth and migration fund for the communes of Sédhiou",
      "In preparation: a small fund, run by the regional development agency, for communes that offer "
      "young people alternatives to irregular departure.",
      ["labour", "economic-development", "gender"], [FA, CB], {"8.5": 50, "10.7": 50},
      [2, 5], ["15190", "16020"], "210000", "USD", ["sdc"], "jobs", "g", (4, 24), results=1),
    # Serbia
    S("RS-PLANDISTE-LAP", "RS", "local", "plandiste", "Plandište",
      "Plandište local migration council and action plan",
      "Plandište's local migration council wrote and now monitors a local action plan on migration, "
      "with housing and social-protection measures for returnees.",
      ["local-planning", "social-protection", "housing"], [CM, CB, FA], {"10.7": 60, "11.1": 20, "1.3": 20},
      [15, 16, 21], ["15190", "15112"], "150000", "USD", ["sdc"], "coordination", "g", (-20, 24), partners=["rs_crm"]),
    S("RS-SVILAJNAC-LAP", "RS", "local", "svilajnac", "Svilajnac",
      "Returnee integration in Svilajnac's local action plan",
      "Svilajnac's council adds employment and schooling measures for returnees under readmission "
      "agreements to its local action plan.",
      ["social-protection", "education", "labour"], [CM, FA], {"10.7": 60, "8.5": 20, "10.2": 20},
      [16, 21], ["15190", "16010"], "160000", "USD", ["sdc"], "coordination", "m", (-16, 20), partners=["rs_crm"]),
    S("RS-OPOVO-LAP", "RS", "local", "opovo", "Opovo",
      "Opovo local migration council: health and local planning",
      "A small municipality's council links the health centre, the social-work centre and the planning "
      "office around the needs of migrants and of families with members abroad.",
      ["local-planning", "health"], [CM, CB], {"10.7": 70, "3.8": 30},
      [15, 16], ["15190", "12220"], "150000", "USD", ["sdc"], "coordination", "g", (-12, 18), partners=["rs_crm"]),
    S("RS-MEDVEDJA-YOUTH", "RS", "local", "medvedja", "Medveđa",
      "Keeping young people in Medveđa: a local action plan on migration",
      "Medveđa tries to slow the departure of young people with traineeships, start-up support and "
      "better information on legal pathways abroad.",
      ["labour", "education", "local-planning"], [FA, CB], {"10.7": 50, "8.5": 30, "4.4": 20},
      [2, 5, 18], ["15190", "16020"], "155000", "USD", ["sdc", "sida"], "jobs", "p", (-10, 18), partners=["rs_crm"]),
    S("RS-LESKOVAC-SERVICES", "RS", "local", "leskovac", "Leskovac",
      "Migrant and returnee inclusion services in Leskovac",
      "Leskovac's social-welfare, health and housing services open a joint entry point for returnees "
      "and migrants, steered by the local migration council.",
      ["social-protection", "health", "housing"], [FA, CM], {"10.7": 50, "10.2": 25, "11.1": 25},
      [15, 16], ["15190", "16010"], "210000", "USD", ["sdc"], "services", "m", (-4, 24), partners=["rs_crm"]),
    S("RS-CRM-COUNCILS", "RS", "national", "rs_crm", "Belgrade",
      "National support to local migration councils",
      "The Commissariat trains and advises local migration councils across the country and collects "
      "their data for national reporting.",
      ["migration-governance", "local-planning"], [CM, TA, CB], {"10.7": 70, "17.18": 30},
      [1, 15, 23], ["15190", "15112"], "400000", "USD", ["sdc", "sida"], "coordination", "g", (-24, 36)),
    # Tunisia
    S("TN-KAIROUAN-RETURN", "TN", "local", "kairouan", "Kairouan",
      "Migration-aware local development and services for returnees in Kairouan",
      "Kairouan's municipality and the regional offices of the social ministries offer returnees "
      "counselling, training and support to start an activity.",
      ["social-protection", "labour", "local-planning"], [FA, TA, CB], {"10.7": 40, "8.5": 30, "1.3": 30},
      [18, 21], ["15190", "16020"], "220000", "USD", ["sdc"], "returnees", "m", (-13, 24), partners=["tn_mas"]),
    S("TN-MAS-PROTECTION", "TN", "national", "tn_mas", "Tunis",
      "Social protection for Tunisians abroad and returnees",
      "Short technical assistance to the ministry and the Office for Tunisians Abroad on the portability "
      "of social-security rights and on services for returnees.",
      ["social-protection", "diaspora"], [TA], {"1.3": 40, "10.7": 40, "10.c": 20},
      [22, 19], ["15190", "16010"], "90000", "USD", ["sdc"], "policy", "g", (-15, 24), partners=["tn_ote"], results=1),
    # Bangladesh
    S("BD-MOEWOE-RECRUIT", "BD", "national", "bd_moewoe", "Dhaka",
      "Fair recruitment and pre-departure services",
      "The ministry tightens oversight of recruitment agents and expands pre-departure information so "
      "that workers pay less and know their rights.",
      ["labour", "justice", "gender"], [TA, CB], {"10.7": 40, "8.8": 30, "8.7": 15, "5.2": 15},
      [3, 6, 10], ["15190", "16020"], "480000", "USD", ["sdc"], "protection", "m", (-20, 36), extending="iom"),
    S("BD-MOEWOE-SKILLS", "BD", "national", "bd_moewoe", "Dhaka",
      "Skills recognition for returning migrant workers",
      "Short technical assistance on recognising skills that workers gained abroad, and on scholarships "
      "for returnees' further studies.",
      ["education", "labour"], [TA], {"4.4": 50, "10.7": 30, "4.b": 20},
      [18, 21], ["15190", "11330"], "60000", "USD", ["sdc"], "returnees", "g", (-8, 24), results=1),
    # Multi-country
    S("RS-MULTI-PEER", "RS", "multi_country", "rs_crm", "Belgrade",
      "Peer learning between local migration councils and hometown associations",
      "Serbian local migration councils, Moldovan hometown associations and Kyrgyz local governments "
      "visit each other and adapt what works to their own setting.",
      ["migration-governance", "local-planning", "diaspora"], [CB, CM], {"10.7": 60, "17.16": 40},
      [19, 23], ["15190", "15112"], "200000", "EUR", ["eu", "sdc"], "coordination", "m", (-12, 24),
      other_countries=["MD", "KG"], partners=["md_drb", "kg_mlm"]),
    S("TN-MULTI-MUNICIPAL", "TN", "multi_country", "tn_mas", "Tunis",
      "Mediterranean and West African exchange on municipal migration plans",
      "Municipalities from Tunisia, Morocco and Senegal compare how they plan for migration and draft "
      "joint recommendations for the Mayoral Forum.",
      ["local-planning", "migration-governance"], [CB, CM], {"10.7": 70, "17.17": 30},
      [23, 15], ["15190", "15112"], "180000", "USD", ["sdc"], "coordination", "g", (-6, 24),
      other_countries=["MA", "SN"], partners=["kairouan", "oujda", "stlouis"]),
]
