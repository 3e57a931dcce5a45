"""Demo content: the eleven country profiles (context written from the programme's facts)."""

# iso2 -> (intro, counterparts, context paragraphs, example call-out (title, text) or None, featured)
COUNTRIES = {
    "BD": (
        "One of the world's largest countries of origin for labour migrants, where remittances sustain "
        "millions of rural households and local governments are starting to plan for mobility.",
        "Ministry of Expatriates' Welfare and Overseas Employment; district and upazila administrations.",
        [
            "Bangladesh joined the programme in its pilot phase in 2011. Millions of Bangladeshis work abroad, "
            "most of them on temporary contracts in the Gulf and South-East Asia, and the money they send home "
            "is one of the country's largest sources of foreign exchange.",
            "The programme works with the Ministry of Expatriates' Welfare and Overseas Employment so that "
            "national policy on overseas employment reaches the districts where recruitment starts and where "
            "returnees come back. Local administrations learn to count migrants and returnees in their planning "
            "and to link safe-migration services with skills and livelihood programmes.",
        ],
        ("Returning home with a plan", "District officials and returnee associations have co-designed referral "
         "paths so that a worker who comes back early finds training, counselling and access to credit in one place."),
        True,
    ),
    "EC": (
        "A country of emigration, return and, increasingly, immigration, where municipalities on the coast "
        "and in the Andes have made the inclusion of people on the move part of local development.",
        "Vice-Ministry of Human Mobility; municipalities of Manta and Santo Domingo de los Tsáchilas.",
        [
            "Ecuador joined the programme in 2014. Its constitution recognises human mobility as a right, and "
            "its cities receive returning Ecuadorians and people arriving from neighbouring countries at the same time.",
            "With the Vice-Ministry of Human Mobility the programme supports the national human mobility agenda; "
            "with the municipalities of Manta and Santo Domingo de los Tsáchilas it backs employment and "
            "socio-economic inclusion: municipal job boards that list vacancies for residents, returnees and "
            "newcomers alike, and business training that opens local markets to migrant entrepreneurs.",
        ],
        ("Manta's municipal job board", "The job board matches employers with job seekers regardless of origin; "
         "the municipality now reports placements by sex and migratory status, feeding SDG target 17.18."),
        True,
    ),
    "JM": (
        "An island nation with one of the largest diasporas relative to its population, turning diaspora "
        "engagement and the reintegration of returnees into national policy.",
        "Planning Institute of Jamaica; National Working Group on International Migration and Development.",
        [
            "Jamaica was one of the four pilot countries in 2011. The Planning Institute of Jamaica coordinates "
            "migration and development work across ministries through a national working group, an early "
            "example of a whole-of-government coordination mechanism.",
            "The programme supported the National Diaspora Policy and practical services for people who return: "
            "IT literacy courses that help returnees, including those who did not choose to come back, "
            "find work and rebuild their lives.",
        ],
        None,
        True,
    ),
    "KG": (
        "A mountain country where a large share of working-age people work in Russia and Kazakhstan, and "
        "where villages are testing new ways for their diaspora to invest at home.",
        "Ministry of Labour and Migration; local self-governments of Barskoon and Suzak.",
        [
            "Kyrgyzstan joined in 2014. Remittances are equal to a large part of the economy, and whole villages "
            "depend on relatives working abroad.",
            "With the Ministry of Labour and Migration the programme helps local self-governments include "
            "migration in their local development programmes, as Barskoon and Suzak did, and piloted a diaspora "
            "crowdfunding platform through which migrants co-finance projects chosen by their home communities.",
        ],
        ("Crowdfunding from abroad", "A pilot platform let Kyrgyz migrants abroad fund a village project and follow "
         "its progress online, building trust between the diaspora and local government."),
        False,
    ),
    "MD": (
        "A small country with a large diaspora, where hometown associations co-fund local projects and the "
        "state has built a bureau to stay connected with citizens abroad.",
        "Diaspora Relations Bureau; mayors of participating villages and towns; hometown associations.",
        [
            "Moldova was a pilot country in 2011. A significant part of its population lives abroad, and the "
            "Diaspora Relations Bureau coordinates the state's engagement with them.",
            "The programme helped dozens of villages and towns set up hometown associations in which residents "
            "and emigrants decide together on local projects, from water supply to playgrounds, and co-fund "
            "them with the local budget. Local plans now count emigrants as part of the community.",
        ],
        ("Hometown associations", "Emigrants from one village living in the same host city contribute together: "
         "the association turns scattered goodwill into a project the whole community owns."),
        True,
    ),
    "MA": (
        "A country of origin, transit and destination, where cities such as Oujda have written migration into "
        "their municipal action plans as a strategic axis.",
        "Ministry in charge of Moroccans Residing Abroad and Migration Affairs; Oujda and regional councils.",
        [
            "Morocco joined in 2014. Its national strategy on immigration and asylum and its long-standing "
            "engagement with Moroccans abroad make it a country where every dimension of mobility meets.",
            "With the ministry in charge of Moroccans residing abroad and migration affairs, the programme "
            "supports regions and municipalities; Oujda's municipal action plan now names migration as one of "
            "its strategic axes, with services for migrants in health, education and employment.",
        ],
        ("Oujda's action plan", "Oujda made migration a strategic axis of its municipal action plan, so each "
         "department's budget line asks how residents of foreign origin are served."),
        True,
    ),
    "NP": (
        "A country where the 2017 Local Government Operation Act gave local governments a mandate on "
        "migration, and where remittances reach almost every community.",
        "Ministry of Labour, Employment and Social Security; municipalities and rural municipalities.",
        [
            "Nepal joined in the third phase from 2019. Since the 2017 Local Government Operation Act, local "
            "governments are responsible for managing the labour migration of their residents.",
            "The programme helps municipalities use that mandate: information desks for safe migration, safer "
            "and cheaper channels for remittances, and livelihood programmes for returnees and the families "
            "who stay behind.",
        ],
        None,
        False,
    ),
    "PH": (
        "A global reference for the protection of overseas workers, where regions and provinces run migrant "
        "centres and plan for the families of those abroad.",
        "Western Visayas regional development office; provincial migrant resource centres.",
        [
            "The Philippines joined in 2019. Its national institutions for overseas workers are long established; "
            "the programme focuses on bringing that experience to the regional and provincial level.",
            "In Western Visayas the regional development office and the provinces have built migration into "
            "regional development plans, and provincial migrant centres offer one-stop services before "
            "departure, during work abroad and on return.",
        ],
        None,
        False,
    ),
    "SN": (
        "A country of emigration and regional mobility, where regions such as Saint-Louis, Diourbel and Sédhiou "
        "connect their diaspora with local economic initiatives and jobs.",
        "General Directorate for Support to Senegalese Abroad; regional development agencies of Saint-Louis, Diourbel and Sédhiou.",
        [
            "Senegal joined in 2019. Mobility within West Africa and towards Europe is part of family strategies "
            "in many regions, and the diaspora already invests in its home towns.",
            "In Saint-Louis, Diourbel and Sédhiou the programme supports regional development agencies in "
            "channelling that investment into local economic initiatives that create jobs, especially for young people.",
        ],
        None,
        False,
    ),
    "RS": (
        "A country where local migration councils and local action plans have made migration a standing item "
        "of municipal government.",
        "Commissariat for Refugees and Migration; municipalities such as Plandište, Svilajnac, Opovo, Medveđa and Leskovac.",
        [
            "Serbia joined in 2014. With the Commissariat for Refugees and Migration, municipalities set up "
            "local migration councils that bring together the social services, employment office, schools, "
            "health centres and civil society.",
            "Each council writes a local action plan; Plandište, Svilajnac, Opovo, Medveđa and Leskovac are "
            "among the municipalities that adopted one, and their budgets now fund measures for returnees, "
            "displaced people and young people at risk of leaving.",
        ],
        ("Local migration councils", "A council meets in the municipal hall each quarter; its action plan is the "
         "place where horizontal coherence becomes a list of tasks with owners and budgets."),
        False,
    ),
    "TN": (
        "A pilot country that placed migration in regional development, with Kairouan as a reference for "
        "local action with the Ministry of Social Affairs.",
        "Ministry of Social Affairs; Office for Tunisians Abroad; Kairouan governorate.",
        [
            "Tunisia was a pilot country in 2011. Its Ministry of Social Affairs and Office for Tunisians Abroad "
            "link national policy with the regions from which many young Tunisians leave.",
            "In Kairouan the programme supported a regional approach: services that inform young people about "
            "regular pathways, support for returnees' projects and the involvement of Tunisians abroad in "
            "regional investment.",
        ],
        None,
        False,
    ),
}
