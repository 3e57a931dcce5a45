"""Demo content: home, explainers, global dialogues, resources and news (English)."""

HOME = {
    "title": "Home",
    "hero_title": "Making migration work for local and national development",
    "hero_lead": (
        "We help local and national authorities in eleven countries bring migration into their development "
        "planning, so that people on the move and the places they leave, cross and settle in all gain, "
        "and so that migration contributes to the 2030 Agenda."
    ),
}

# The FAQ-style explainer set: (slug, title, intro, [(question, answer html)], call-out or None)
HOW_WE_WORK = {
    "slug": "how-we-work",
    "title": "How we work",
    "intro": "Short answers to the questions we are asked most about the programme and its approach.",
}
EXPLAINERS = [
    ("what-we-do", "What we do",
     "Three kinds of support, one goal: migration that is governed well, close to where it happens.",
     [
         ("Who do you work with?",
          "<p>Local and regional authorities, national ministries, civil society and diaspora associations in "
          "eleven countries, from Bangladesh to Ecuador. Each country chose its own priorities: there is no "
          "one-size-fits-all model of migration governance.</p>"),
         ("What kind of support do you give?",
          "<p>We offer <b>capacity building</b> (training, knowledge sharing and exchanges between countries), "
          "<b>coordination mechanisms</b> across governance sectors and between national and local "
          "authorities, and <b>technical and financial assistance</b> for initiatives that put "
          "migration-aware policies into practice.</p>"),
         ("How long has the programme been running?",
          "<p>A pilot phase from 2011 to 2013 worked in Bangladesh, Jamaica, Moldova and Tunisia. A second "
          "phase from 2014 to 2018 added Ecuador, Kyrgyzstan, Morocco and Serbia; in it migration was "
          "mainstreamed into 12 national laws or policies and 56 new policies, plans and programmes. The third "
          "phase, since 2019, covers all eleven countries.</p>"),
     ],
     ("highlight", "Why cities?", "<p>Over half of the world's people live in cities, now the main destination "
      "of migrants and displaced people. Migrants from one area tend to settle together in the same area of the "
      "host country, so local authorities feel migration first.</p>")),
    ("what-is-policy-coherence", "What is policy coherence?",
     "Policies that pull in the same direction instead of cancelling each other out.",
     [
         ("What does policy coherence mean for migration and development?",
          "<p>It means that policies pursue synergies toward shared goals, avoid or remove side effects on "
          "each other, and do not work against agreed development goals. A labour policy that recruits nurses "
          "abroad, for example, should not empty the health centres the health policy is trying to staff.</p>"),
         ("How do you see where coherence is missing?",
          "<p>Every initiative we support says which governance sectors it engages and at which level of "
          "government. Each country profile shows the result as a matrix of sectors and levels: filled cells "
          "show where coherence work exists, empty cells show the gaps.</p>"),
     ], None),
    ("why-vertical-coherence", "Why vertical coherence?",
     "Local, regional, national and global levels of governance must talk to each other.",
     [
         ("What is vertical coherence?",
          "<p>Coherence between levels of governance: local, regional, national and global. Cities, where "
          "migration is felt first, feed national policy with what they see; national policy is implemented "
          "locally and needs local capacity and budgets to work.</p>"),
         ("What does it look like in practice?",
          "<p>In Serbia, local migration councils write action plans that the national commissariat supports; "
          "in Nepal, the 2017 Local Government Operation Act gave local governments a mandate on labour "
          "migration that the programme helps them use.</p>"),
     ], ("example", "From the city to the global table", "<p>Mayors who took part in the programme have "
         "brought their cities' experience to the Mayoral Forum and the Global Forum on Migration and Development.</p>")),
    ("why-horizontal-coherence", "Why horizontal coherence?",
     "A whole-of-government approach: every policy area has a part in migrants' inclusion.",
     [
         ("What is horizontal coherence?",
          "<p>Coherence across the policy areas of one administration. Health, education, labour, housing, "
          "agriculture and social protection must not undermine the inclusion of migrants, and each can "
          "contribute to it.</p>"),
         ("Why does it matter for local government?",
          "<p>A municipality rarely has a migration department. Migrants meet the school, the clinic, the "
          "employment office and the housing service. Coordination mechanisms bring these services to one "
          "table so that they plan together.</p>"),
     ], None),
    ("how-we-mainstream-migration", "How we mainstream migration",
     "Making sure every governance area considers the effects of migration and migrants' needs in its planning.",
     [
         ("What is mainstreaming?",
          "<p>Mainstreaming migration means that the effects of migration and the needs of migrants are "
          "considered in the planning of every governance area, not only in a separate migration policy.</p>"),
         ("Capacity building",
          "<p>Training for local and national officials, knowledge sharing and exchanges between countries, "
          "so that the people who write plans know how to include mobility in them.</p>"),
         ("Coordination mechanisms",
          "<p>Working groups, local migration councils and national coordination bodies that connect sectors "
          "and levels of government.</p>"),
         ("Technical and financial assistance",
          "<p>Expert support and grants for initiatives that put migration-aware policies into practice, "
          "typically USD 150,000 to 300,000 over 18 to 24 months for a local initiative.</p>"),
     ], ("info", "A learning loop", "<p>What the programme learns in countries becomes training tools, case "
         "studies and good practices, shared through global dialogues and our resources library.</p>")),
]

SECTIONS = {
    "countries": ("countries", "Countries", "Eleven countries, chosen to cover very different political, "
                  "development and migration contexts."),
    "sdgs": ("sdgs", "Migration in the SDGs", "Migration is explicit in nine SDG targets and related to many "
             "more. Each page shows the published initiatives that contribute and how their indicators progress."),
    "resources": ("resources", "Resources", "Training tools, case studies, policy briefs and toolkits from the "
                  "programme's countries, free to download and reuse."),
    "dialogues": ("global-dialogues", "Global dialogues", "The forums and frameworks where the programme shares "
                  "what local and national authorities have learned."),
    "news": ("news", "News", "Updates from the programme's countries and global dialogues."),
}

# (slug, title, acronym, kind, year, intro, [contribution paragraphs], url)
DIALOGUES = [
    ("gfmd", "Global Forum on Migration and Development", "GFMD", "forum", 2007,
     "A state-led, informal process where governments discuss migration and development with civil society, "
     "business and mayors.",
     ["The programme has brought the experience of its local partners to GFMD roundtables, making the case "
      "that local authorities are development actors in their own right.",
      "Country teams presented how coordination mechanisms work in practice, from Jamaica's national working "
      "group to Serbia's local migration councils."], "https://www.gfmd.org/"),
    ("mayoral-forum", "Mayoral Forum on Human Mobility, Migration and Development", "", "forum", 2014,
     "An annual meeting of mayors and local leaders on mobility, migration and development.",
     ["Mayors and municipal officials from programme countries have taken part, sharing municipal action "
      "plans such as Oujda's and job boards such as Manta's.",
      "The forum's messages on local inclusion feed into the GFMD and the review of the Global Compact for Migration."],
     ""),
    ("new-urban-agenda", "New Urban Agenda", "NUA", "framework", 2016,
     "The United Nations' shared vision for sustainable urban development, adopted at Habitat III in Quito.",
     ["The programme's work shows how the New Urban Agenda's commitment to the full respect of migrants' rights "
      "translates into city plans, services and budgets."], ""),
    ("new-york-declaration", "New York Declaration for Refugees and Migrants", "", "framework", 2016,
     "A declaration of the UN General Assembly that launched the processes leading to the two global compacts.",
     ["The Declaration recognised local authorities as the first receivers of migrants. The programme "
      "documented what that means for municipalities and shared it in the consultations that followed."], ""),
    ("gcm", "Global Compact for Safe, Orderly and Regular Migration", "GCM", "framework", 2018,
     "The first intergovernmental agreement covering all dimensions of international migration, with 23 objectives.",
     ["Initiatives supported by the programme are tagged with the GCM objectives they serve, so countries can "
      "report on local implementation.",
      "The whole-of-government and whole-of-society approaches the Compact asks for are the programme's "
      "horizontal and vertical coherence."], ""),
    ("gcr", "Global Compact on Refugees", "GCR", "framework", 2018,
     "A framework for more predictable and equitable responsibility-sharing for refugees and host communities.",
     ["Where programme countries host displaced people, local coordination mechanisms help plan services for "
      "refugees and host communities together."], ""),
    ("sdgs", "Sustainable Development Goals", "SDGs", "framework", 2015,
     "The 2030 Agenda's seventeen goals, in which migration is explicit in target 10.7 and eight more.",
     ["Every initiative links to the SDG targets it serves, with a share of its budget; our SDG pages show "
      "the initiatives and indicators for each migration-related target."], ""),
    ("world-migration-report-2015", "World Migration Report 2015: Migrants and Cities", "WMR 2015", "report", 2015,
     "A flagship report on the relationship between migrants and cities, and on how urban governance can respond.",
     ["The report's attention to cities as destinations for migrants echoed the programme's local approach, "
      "and programme examples fed the discussion that followed its launch."], ""),
    ("srsg-report", "Report of the Special Representative of the Secretary-General on Migration", "SRSG", "report", 2017,
     "Recommendations to the international community on how to make migration work better for all.",
     ["The report's call for policy coherence and for involving local authorities matches what the programme's "
      "countries have tested since 2011."], ""),
    ("making-migration-work-for-all", "Making Migration Work for All", "", "report", 2017,
     "The Secretary-General's report setting out his vision for the Global Compact for Migration.",
     ["Programme examples of local coordination and diaspora engagement illustrated how the vision can be "
      "put into practice."], ""),
    ("puerto-vallarta-stocktaking", "Puerto Vallarta stocktaking", "", "report", 2017,
     "The stocktaking meeting that summarised consultations before the negotiation of the Global Compact for Migration.",
     ["Local and regional governments' contributions, including those of programme partners, were part of "
      "the stocktaking report that shaped the negotiations."], ""),
]

# (slug, title, type, theme, language, country iso2 or "", date, publisher, summary, tags, featured, sections)
RESOURCES = [
    ("toolkit-mainstreaming-local-planning", "Mainstreaming migration into local development planning: a toolkit",
     "toolkit", "mainstreaming", "en", "", "2023-03-15", "Programme team",
     "A step-by-step toolkit for local planners: mapping mobility in the territory, consulting migrants and "
     "diaspora, and writing migration into the local development plan and budget.",
     ["planning", "local government"], True,
     [("Why plan for mobility", "Local plans that ignore who leaves, who returns and who arrives miss part of the population."),
      ("Steps", "Map, consult, prioritise, budget, monitor. Each step has a worksheet in the annex.")]),
    ("training-policy-coherence", "Training module: policy coherence for migration and development",
     "training_tool", "policy_coherence", "en", "", "2022-09-01", "Programme team",
     "A two-day training module with exercises on horizontal and vertical coherence, designed for mixed "
     "groups of national and local officials.", ["training", "coherence"], True,
     [("Learning objectives", "Participants can explain policy coherence and map gaps in their own administration."),
      ("Sessions", "Four sessions alternate short inputs with group work on a real plan.")]),
    ("case-study-manta-job-board", "Case study: Manta's municipal job board",
     "case_study", "labour", "es", "EC", "2024-02-20", "Municipality of Manta",
     "How a coastal municipality opened its job board to residents, returnees and newcomers, and started to "
     "count placements by migratory status.", ["employment", "inclusion"], True,
     [("Context", "Manta receives returnees and people arriving from neighbouring countries."),
      ("Results", "Placements are now reported by sex and migratory status.")]),
    ("brief-local-migration-councils", "Policy brief: local migration councils in Serbia",
     "policy_brief", "local_governance", "en", "RS", "2021-11-10", "Commissariat for Refugees and Migration",
     "What local migration councils are, how they write local action plans and what municipalities such as "
     "Plandište and Leskovac learned.", ["coordination", "local government"], False,
     [("Findings", "Councils that meet regularly and own a budget line keep their plans alive."),
      ("Recommendations", "Give councils a clear mandate and link their plans to the municipal budget.")]),
    ("good-practice-hometown-associations", "Good practice: hometown associations in Moldova",
     "good_practice", "diaspora", "en", "MD", "2020-06-30", "Diaspora Relations Bureau",
     "How villages and towns in Moldova co-fund local projects with their emigrants through hometown "
     "associations.", ["diaspora", "co-funding"], False,
     [("How it works", "Residents and emigrants choose a project together; the local budget matches their contribution."),
      ("What changed", "Trust between the diaspora and local government grew with each completed project.")]),
    ("case-study-oujda-action-plan", "Étude de cas : la migration, axe stratégique du plan d'action d'Oujda",
     "case_study", "local_governance", "fr", "MA", "2023-10-05", "Commune d'Oujda",
     "Comment une commune a inscrit la migration comme axe stratégique de son plan d'action municipal.",
     ["planning", "inclusion"], False,
     [("Contexte", "Oujda est à la fois ville de départ, de transit et d'installation."),
      ("Démarche", "Chaque service municipal se demande comment il sert les résidents d'origine étrangère.")]),
    ("brief-nepal-local-mandate", "Policy brief: local governments' migration mandate in Nepal",
     "policy_brief", "local_governance", "en", "NP", "2022-04-18", "Programme team",
     "What the 2017 Local Government Operation Act asks of municipalities on labour migration, and how they "
     "can meet it.", ["labour migration", "local government"], False,
     [("The mandate", "Local governments manage information and services for residents who migrate for work."),
      ("Options", "Information desks, safer remittance channels and returnee livelihood programmes.")]),
    ("toolkit-diaspora-crowdfunding", "Toolkit: diaspora crowdfunding for local development",
     "toolkit", "remittances", "en", "KG", "2021-05-12", "Ministry of Labour and Migration",
     "Lessons from Kyrgyzstan's pilot on setting up a crowdfunding platform that lets migrants co-finance "
     "projects chosen by their home communities.", ["diaspora", "remittances"], False,
     [("Set-up", "A transparent platform, a local project committee and regular reporting to donors abroad."),
      ("Risks", "Projects must be small enough to finish quickly and visible enough to build trust.")]),
    ("report-migration-data-local", "Counting who moves: migration data for local planning",
     "report", "data", "en", "", "2024-06-01", "Programme team",
     "How local authorities can collect and use data disaggregated by migratory status, in line with SDG "
     "target 17.18.", ["data", "SDG 17.18"], True,
     [("Sources", "Civil registers, school and clinic records, employment offices and household surveys."),
      ("Safeguards", "Collect only what is needed and never share personal data.")]),
    ("training-returnee-it-literacy", "Training package: IT literacy for returnees",
     "training_tool", "labour", "en", "JM", "2020-02-14", "Planning Institute of Jamaica",
     "A course outline and trainer notes for IT literacy courses that help returnees find work.",
     ["returnees", "skills"], False,
     [("Audience", "Returnees, including people who did not choose to come back."),
      ("Format", "Eight evening sessions with a final practical exercise.")]),
    ("guia-movilidad-humana-local", "Guía: la movilidad humana en la planificación local",
     "toolkit", "mainstreaming", "es", "EC", "2022-08-22", "Viceministerio de Movilidad Humana",
     "Guía práctica para que los gobiernos locales incluyan la movilidad humana en sus planes de desarrollo.",
     ["planning", "human mobility"], False,
     [("Por qué", "Los municipios son los primeros en recibir a las personas en movilidad."),
      ("Cómo", "Diagnóstico, participación, metas e indicadores desagregados.")]),
    ("brief-sdgs-and-migration", "Policy brief: migration in the SDGs, target by target",
     "policy_brief", "sdgs", "en", "", "2021-03-03", "Programme team",
     "Where migration appears in the 2030 Agenda, from target 10.7 to remittance costs in 10.c, and how local "
     "initiatives can report against these targets.", ["SDGs", "reporting"], False,
     [("Explicit targets", "10.7, 10.c, 8.8, 8.7, 5.2, 16.2, 17.18, 17.3 and 4.b."),
      ("Related targets", "Health workforce, social protection, decent work, housing and more.")]),
]

# (slug, title, date, country iso2 or "", intro, [paragraphs])
NEWS = [
    ("third-phase-reaches-eleven-countries", "Third phase now working in all eleven countries", "2025-09-15", "",
     "With Nepal, the Philippines and Senegal fully on board, the programme now supports authorities in eleven countries.",
     ["The third phase builds on lessons from the pilot and second phases: start from local priorities, connect "
      "levels of government and share what works."]),
    ("serbia-local-action-plans", "Five more Serbian municipalities adopt local migration action plans", "2025-06-02", "RS",
     "Local migration councils in five municipalities have adopted action plans with their own budget lines.",
     ["The plans cover returnees, displaced people and young people, and were prepared with the Commissariat "
      "for Refugees and Migration."]),
    ("mayors-share-lessons", "Mayors from programme countries share lessons at the Mayoral Forum", "2024-11-20", "",
     "Mayors and municipal officials presented job boards, action plans and diaspora partnerships.",
     ["Their message: when cities plan for mobility, everyone in the city benefits."]),
    ("manta-job-board-milestone", "Manta's job board passes a milestone", "2024-04-08", "EC",
     "The municipal job board now reports placements by sex and migratory status.",
     ["The figures feed the municipality's SDG reporting and show who the service reaches."]),
]
