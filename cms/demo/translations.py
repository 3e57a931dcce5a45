"""French and Spanish versions of the key pages (the rest is served as aliases until translated)."""

HOME = {
    "fr": {
        "title": "Accueil",
        "hero_title": "Mettre la migration au service du développement local et national",
        "hero_lead": (
            "Nous aidons les autorités locales et nationales de onze pays à intégrer la migration dans leur "
            "planification du développement, pour que les personnes en mouvement et les territoires qu'elles "
            "quittent, traversent et rejoignent en bénéficient, et que la migration contribue au Programme 2030."
        ),
    },
    "es": {
        "title": "Inicio",
        "hero_title": "Que la migración impulse el desarrollo local y nacional",
        "hero_lead": (
            "Ayudamos a las autoridades locales y nacionales de once países a incorporar la migración en su "
            "planificación del desarrollo, para que las personas en movimiento y los lugares que dejan, "
            "atraviesan y habitan salgan ganando, y para que la migración contribuya a la Agenda 2030."
        ),
    },
}

SECTIONS = {
    "fr": {
        "how-we-work": ("Notre approche", "Des réponses courtes aux questions qu'on nous pose le plus souvent."),
        "countries": ("Pays", "Onze pays, choisis pour couvrir des contextes politiques, de développement et "
                      "migratoires très différents."),
        "sdgs": ("La migration dans les ODD", "La migration est explicite dans neuf cibles des ODD et liée à "
                 "beaucoup d'autres. Chaque page présente les initiatives publiées qui y contribuent."),
        "resources": ("Ressources", "Outils de formation, études de cas, notes d'orientation et boîtes à outils, "
                      "à télécharger et réutiliser librement."),
        "global-dialogues": ("Dialogues mondiaux", "Les forums et cadres où le programme partage ce que les "
                             "autorités locales et nationales ont appris."),
        "news": ("Actualités", "Les nouvelles des pays du programme et des dialogues mondiaux."),
    },
    "es": {
        "how-we-work": ("Cómo trabajamos", "Respuestas breves a las preguntas que más nos hacen."),
        "countries": ("Países", "Once países, elegidos para abarcar contextos políticos, de desarrollo y "
                      "migratorios muy distintos."),
        "sdgs": ("La migración en los ODS", "La migración es explícita en nueve metas de los ODS y está "
                 "relacionada con muchas más. Cada página muestra las iniciativas publicadas que contribuyen."),
        "resources": ("Recursos", "Herramientas de formación, estudios de caso, notas de política y guías, "
                      "para descargar y reutilizar libremente."),
        "global-dialogues": ("Diálogos globales", "Los foros y marcos donde el programa comparte lo que las "
                             "autoridades locales y nacionales han aprendido."),
        "news": ("Noticias", "Novedades de los países del programa y de los diálogos globales."),
    },
}

# slug -> language -> (title, intro, [(question, answer html)], call-out (tone, title, html) or None)
EXPLAINERS = {
    "what-we-do": {
        "fr": ("Ce que nous faisons", "Trois types d'appui, un seul objectif : une migration bien gouvernée, "
               "au plus près de là où elle se vit.", [
                   ("Avec qui travaillez-vous ?", "<p>Avec des autorités locales et régionales, des ministères, "
                    "la société civile et des associations de la diaspora dans onze pays, du Bangladesh à "
                    "l'Équateur. Chaque pays a choisi ses priorités : il n'existe pas de modèle unique.</p>"),
                   ("Quel appui apportez-vous ?", "<p>Du <b>renforcement des capacités</b> (formation, partage "
                    "de connaissances, échanges entre pays), des <b>mécanismes de coordination</b> entre secteurs "
                    "et entre niveaux de gouvernement, et une <b>assistance technique et financière</b> aux "
                    "initiatives qui mettent en pratique des politiques attentives à la migration.</p>"),
                   ("Depuis quand le programme existe-t-il ?", "<p>Une phase pilote (2011-2013) au Bangladesh, "
                    "en Jamaïque, en Moldavie et en Tunisie ; une deuxième phase (2014-2018) avec l'Équateur, le "
                    "Kirghizistan, le Maroc et la Serbie, pendant laquelle la migration a été intégrée dans 12 lois "
                    "ou politiques nationales et 56 nouveaux plans et programmes ; une troisième phase depuis "
                    "2019 dans les onze pays.</p>"),
               ], ("highlight", "Pourquoi les villes ?", "<p>Plus de la moitié de l'humanité vit en ville, "
                   "principale destination des migrants et des personnes déplacées. Les autorités locales "
                   "sont les premières à ressentir la migration.</p>")),
        "es": ("Qué hacemos", "Tres tipos de apoyo, un solo objetivo: una migración bien gobernada, cerca de "
               "donde ocurre.", [
                   ("¿Con quién trabajan?", "<p>Con autoridades locales y regionales, ministerios, sociedad "
                    "civil y asociaciones de la diáspora en once países, de Bangladés a Ecuador. Cada país eligió "
                    "sus prioridades: no hay un modelo único.</p>"),
                   ("¿Qué apoyo ofrecen?", "<p><b>Fortalecimiento de capacidades</b> (formación, intercambio de "
                    "conocimientos y entre países), <b>mecanismos de coordinación</b> entre sectores y entre "
                    "niveles de gobierno, y <b>asistencia técnica y financiera</b> para iniciativas que llevan "
                    "a la práctica políticas que tienen en cuenta la migración.</p>"),
                   ("¿Desde cuándo existe el programa?", "<p>Una fase piloto (2011-2013) en Bangladés, Jamaica, "
                    "Moldavia y Túnez; una segunda fase (2014-2018) que sumó Ecuador, Kirguistán, Marruecos y "
                    "Serbia, en la que la migración se integró en 12 leyes o políticas nacionales y 56 nuevos "
                    "planes y programas; y una tercera fase desde 2019 en los once países.</p>"),
               ], ("highlight", "¿Por qué las ciudades?", "<p>Más de la mitad de la población mundial vive en "
                   "ciudades, hoy el principal destino de migrantes y personas desplazadas. Las autoridades "
                   "locales son las primeras en sentir la migración.</p>")),
    },
    "what-is-policy-coherence": {
        "fr": ("Qu'est-ce que la cohérence des politiques ?", "Des politiques qui tirent dans le même sens au "
               "lieu de s'annuler.", [
                   ("Que signifie la cohérence des politiques pour la migration et le développement ?",
                    "<p>Des politiques qui recherchent des synergies vers des objectifs communs, évitent ou "
                    "suppriment leurs effets indésirables les unes sur les autres et ne vont pas à l'encontre "
                    "des objectifs de développement convenus.</p>"),
                   ("Comment voyez-vous où la cohérence manque ?", "<p>Chaque initiative indique les secteurs "
                    "de gouvernance qu'elle mobilise et à quel niveau. Chaque fiche pays présente une matrice "
                    "secteurs × niveaux : les cases vides sont les lacunes.</p>"),
               ], None),
        "es": ("¿Qué es la coherencia de políticas?", "Políticas que empujan en la misma dirección en lugar "
               "de anularse.", [
                   ("¿Qué significa la coherencia de políticas para la migración y el desarrollo?",
                    "<p>Políticas que buscan sinergias hacia objetivos comunes, evitan o eliminan efectos "
                    "secundarios entre sí y no contradicen los objetivos de desarrollo acordados.</p>"),
                   ("¿Cómo se ve dónde falta coherencia?", "<p>Cada iniciativa indica qué sectores de gobierno "
                    "involucra y en qué nivel. Cada perfil de país muestra una matriz de sectores y niveles: "
                    "las celdas vacías son las brechas.</p>"),
               ], None),
    },
}

# Country profiles translated in full: iso2 -> language -> (title, intro, counterparts, paragraphs)
COUNTRIES = {
    "EC": {"es": ("Ecuador",
                  "Un país de emigración, retorno y, cada vez más, inmigración, donde municipios de la costa y de "
                  "los Andes han hecho de la inclusión de las personas en movilidad parte del desarrollo local.",
                  "Viceministerio de Movilidad Humana; municipios de Manta y Santo Domingo de los Tsáchilas.",
                  ["Ecuador se unió al programa en 2014. Su constitución reconoce la movilidad humana como un "
                   "derecho, y sus ciudades reciben al mismo tiempo a ecuatorianos que retornan y a personas que "
                   "llegan de países vecinos.",
                   "Con el Viceministerio de Movilidad Humana el programa apoya la agenda nacional de movilidad "
                   "humana; con Manta y Santo Domingo de los Tsáchilas impulsa el empleo y la inclusión "
                   "socioeconómica mediante bolsas de empleo municipales abiertas a residentes, retornados y "
                   "recién llegados."])},
    "MA": {"fr": ("Maroc",
                  "Un pays d'origine, de transit et de destination, où des villes comme Oujda ont inscrit la "
                  "migration comme axe stratégique de leur plan d'action communal.",
                  "Ministère chargé des Marocains résidant à l'étranger et des Affaires de la migration ; "
                  "commune d'Oujda et conseils régionaux.",
                  ["Le Maroc a rejoint le programme en 2014. Sa stratégie nationale d'immigration et d'asile et "
                   "son lien ancien avec les Marocains du monde en font un pays où toutes les dimensions de la "
                   "mobilité se rencontrent.",
                   "Le programme appuie régions et communes ; le plan d'action communal d'Oujda fait désormais de "
                   "la migration un axe stratégique, avec des services en santé, éducation et emploi."])},
    "SN": {"fr": ("Sénégal",
                  "Un pays d'émigration et de mobilité régionale, où Saint-Louis, Diourbel et Sédhiou relient "
                  "leur diaspora à des initiatives économiques locales créatrices d'emplois.",
                  "Direction générale d'appui aux Sénégalais de l'extérieur ; agences régionales de développement.",
                  ["Le Sénégal a rejoint le programme en 2019. La mobilité en Afrique de l'Ouest et vers l'Europe "
                   "fait partie des stratégies familiales, et la diaspora investit déjà dans ses villes d'origine.",
                   "À Saint-Louis, Diourbel et Sédhiou, le programme aide les agences régionales de développement "
                   "à orienter cet investissement vers des initiatives économiques locales qui créent des "
                   "emplois, notamment pour les jeunes."])},
}
