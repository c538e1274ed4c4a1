"""Every field a user writes, declared once: entries, their pictures, trivselreport.yaml.

Each `Field` says its name, its kind, whether it is required and, in Danish, what
it is for. The readers (`entries`, `pictures`, `config`) read these fields and no
others, the hint of an unknown key lists them with their descriptions, and the
README's tables are made from them (`python -m trivselreport.reading.fields.tables
README.md`; `tests/test_declarations.py` fails while the README disagrees). A new
field, or a changed description, is written here and nowhere else.

`description` is a few words (it stands in the hint of every unknown key);
`details` is what else the README says. The order is the order of the README.
Numbers in the texts (limits, defaults) are the readers' constants; the tests
compare them.
"""

from __future__ import annotations

from trivselreport.reading.fields.spec import Field, FieldSet, Kind

PICTURE_FIELDS = FieldSet(
    "billeder",
    (
        Field(
            "fil",
            Kind.FILE,
            "Billedfilen.",
            "PNG eller JPEG i samme mappe som indslaget (eller en mappe under den), højst "
            "5 MiB og 50 megapixel; stien skrives i forhold til indslagets mappe.",
            required=True,
        ),
        Field(
            "alt",
            Kind.TEXT,
            "Kort beskrivelse af billedet for den, der ikke kan se det.",
            "Højst 300 tegn.",
            required=True,
        ),
        Field("tekst", Kind.TEXT, "Billedtekst under billedet."),
    ),
)

ENTRY_FIELDS = FieldSet(
    "indslag",
    (
        Field(
            "titel",
            Kind.TEXT,
            "Kort titel.",
            "Vises som overskrift i sektioner, hvor hvert indslag har sin egen overskrift, "
            "som mellemoverskrift i sektioner med `vis_titler: ja`, og ved kommende indslag.",
            required=True,
        ),
        Field(
            "type",
            Kind.NAME,
            "Typen af indslag.",
            "En af typerne i `trivselreport.yaml` (eksemplet: `program`, `orientering`, "
            "`arrangement`, `indsats`, `netværk`, `konsulentsag`, `kursus`, `workshop`). "
            "Typen afgør sektionen.",
            required=True,
        ),
        Field("dato", Kind.DATE, "Hvornår det skete eller skal ske.", required=True),
        Field(
            "slutdato",
            Kind.DATE,
            "Sidste dag, hvis det varer flere dage.",
            "Ikke før `dato`.",
        ),
        Field(
            "temaer",
            Kind.NAMES,
            "Indslagets temaer.",
            "Som i `trivselreport.yaml` (store og små bogstaver er lige meget); ét tema kan "
            "skrives uden liste.",
        ),
        Field(
            "sektion",
            Kind.NAME,
            "En anden sektion end typens.",
            "Overskriften på den sektion, indslaget skal stå i, hvis det ikke er den, "
            "typen hører til.",
        ),
        Field("ansvarlig", Kind.TEXT, "Ansvarlig enhed eller rolle."),
        Field(
            "deltagere",
            Kind.WHOLE_NUMBER,
            "Antal deltagere.",
            "0 eller mere; `1.000` og `1 000` er tusind.",
        ),
        Field(
            "intern",
            Kind.YES_NO,
            "`ja`: kun til intern brug.",
            "Standard `nej`. Interne indslag kommer aldrig med i notatet til udvalget, kun "
            "i den interne udgave.",
        ),
        Field(
            "kladde",
            Kind.YES_NO,
            "`ja`: en kladde, der ikke kommer med i notatet.",
            "Standard `nej`. En kladde bliver i projektet, men kommer hverken med i notatet "
            "til udvalget eller i den interne udgave; den interne udgave nævner den til sidst "
            "under »Kladder – ikke med i notatet«. Fejl i en kladde er kun advarsler. Se "
            "[Kladder](#kladder).",
        ),
        Field(
            "tekst",
            Kind.MARKDOWN,
            "Selve teksten.",
            "Afsnit adskilt af en tom linje, punktlister, `**fed**`, `*kursiv*`, "
            "`[links](https://…)`, tabeller (`| a | b |`) og mellemoverskrifter (`## …`). "
            "En liste med `-` får prikker (•); en liste med `+` får pile (➢), som temalisten "
            "i notatet. Tekst sat ind fra Word beholder sine punkter og afsnit (se "
            "[Tekst fra Word](#tekst-fra-word)). Ord på et andet sprog markeres med "
            "`[ord]{sprog=en}` (se [Ord på andre sprog](#ord-på-andre-sprog)). HTML og "
            "billeder vises som almindelig tekst.",
            required=True,
        ),
        Field(
            "billeder",
            Kind.ITEMS,
            "Billeder ved indslaget.",
            "Se [Billeder](#billeder).",
            items=PICTURE_FIELDS,
        ),
    ),
)

SECTION_FIELDS = FieldSet(
    "sektioner",
    (
        Field("overskrift", Kind.TEXT, "Sektionens overskrift.", required=True),
        Field(
            "typer",
            Kind.TEXTS,
            "Typerne af indslag, som sektionen samler.",
            "Hver type står under `typer` i `trivselreport.yaml` og hører til én sektion.",
        ),
        Field(
            "indledning",
            Kind.MARKDOWN,
            "Fast tekst under overskriften.",
            "Ikke sammen med `egne_overskrifter: ja`.",
        ),
        Field(
            "egne_overskrifter",
            Kind.YES_NO,
            "`ja`: hvert indslag får sin egen overskrift.",
            "Så bliver hvert indslag sin egen sektion med titlen som overskrift. Standard `nej`.",
        ),
        Field(
            "vis_titler",
            Kind.YES_NO,
            "`ja`: hvert indslag får sin titel som mellemoverskrift.",
            "Indslagene står stadig samlet under sektionens overskrift, men hvert med sin titel "
            "som overskrift et niveau under den. Ikke sammen med `egne_overskrifter: ja`. "
            "Standard `nej`.",
        ),
        Field(
            "vis_datoer",
            Kind.YES_NO,
            "`ja`: datoen står under hver titel.",
            "Indslagets dato (eller datoer, fx `4.–6. juni 2024`) på en linje under "
            "mellemoverskriften. Kun sammen med `vis_titler: ja`. Standard `nej`.",
        ),
    ),
)

MEMO_FIELDS = FieldSet(
    "memoer",
    (
        Field("periode", Kind.MONTH, "Notatets måned.", "Fx `2024-04`.", required=True),
        Field(
            "dato",
            Kind.DATE,
            "Notatets dato.",
            "Uden den er det periodens sidste dag; `build --dato` går forud for begge.",
        ),
        Field(
            "slutdato",
            Kind.DATE,
            "Sidste dag, notatet dækker.",
            "Uden den er det periodens sidste dag. Her står også, hvor et tidligere notat "
            "sluttede, så det næste begynder dagen efter.",
        ),
        Field(
            "sagsnr",
            Kind.TEXT,
            "Notatets sagsnummer.",
            "Bruges i stedet for det fælles `sagsnr`.",
        ),
        Field(
            "indledning",
            Kind.FILE,
            "Filen med notatets indledning, i Markdown.",
            "Stien i forhold til projektmappen; uden den er det `indledninger/<periode>.md`.",
        ),
    ),
)

CONFIG_FIELDS = FieldSet(
    "trivselreport.yaml",
    (
        Field("organisation", Kind.TEXT, "Kommunens navn.", "Fx `Rødovre Kommune`.", required=True),
        Field(
            "forvaltning",
            Kind.TEXT,
            "Forvaltningen, der udgiver notatet.",
            "Vises i notatets hoved.",
        ),
        Field("afdeling", Kind.TEXT, "Afdelingen.", "Vises i notatets hoved."),
        Field(
            "udarbejdet_af",
            Kind.TEXT,
            "Hvem notatet er udarbejdet af.",
            "Vises i hovedet og som forfatter i PDF'en.",
        ),
        Field(
            "sagsnr",
            Kind.TEXT,
            "Sagsnummer for alle notater.",
            "Kan også angives pr. notat under `memoer`.",
        ),
        Field(
            "titel",
            Kind.TEXT,
            "Notatets titel.",
            "Med pladsholderne `{måned}`, `{år}` og `{periode}`, fx "
            '`"Status Sundhed og Trivsel {måned} {år}"`.',
            required=True,
        ),
        Field(
            "startdato",
            Kind.DATE,
            "Første dato, når der ikke er et tidligere notat.",
        ),
        Field("temaer", Kind.TEXTS, "De politisk besluttede temaer.", required=True),
        Field(
            "typer",
            Kind.TEXTS,
            "Typerne af indslag.",
            "Hver type skal høre til præcis én sektion.",
            required=True,
        ),
        Field(
            "sektioner",
            Kind.ITEMS,
            "Notatets sektioner i rækkefølge.",
            "Mindst én.",
            required=True,
            items=SECTION_FIELDS,
            when_empty=(
                "Konfigurationen skal have mindst én sektion under »sektioner«.",
                "Tilføj fx »sektioner:« med et punkt »- overskrift: …« og dets »typer: […]«.",
            ),
        ),
        Field(
            "memoer",
            Kind.ITEMS,
            "Et punkt pr. notat.",
            "Både tidligere og kommende notater: et notat dækker dagene efter det forrige "
            "notats periode.",
            items=MEMO_FIELDS,
        ),
        Field(
            "kommende_måneder",
            Kind.WHOLE_NUMBER,
            "Måneder frem med kommende indslag.",
            "Planlagte indslag inden for så mange måneder efter perioden vises som kommende "
            "(standard 6, højst 60).",
        ),
        Field(
            "oversigt",
            Kind.YES_NO,
            "`ja`: et bilag med tal pr. tema.",
            "Bilaget viser aktiviteter og deltagere pr. tema i en tabel og et diagram. "
            "Standard `nej`.",
        ),
        Field(
            "lix_grænse",
            Kind.WHOLE_NUMBER,
            "LIX, hvorfra `check` kalder et indslag svært at læse.",
            "Et indslag med denne LIX eller derover får et råd fra skrivehjælpen med de "
            "længste sætninger (standard 55, »meget svær«; fra 1 til 100). Se "
            "[Skrivehjælp](#skrivehjælp-læsbarhed-og-typografi).",
        ),
        Field(
            "anførselstegn",
            Kind.TEXT,
            "De anførselstegn, notatet viser.",
            '`"””"` (standard), `"»«"` eller `"„“"`: lige anførselstegn (`"`) i '
            "teksterne bliver til dem i notatet.",
        ),
        Field(
            "forbudte_ord",
            Kind.TEXTS,
            "Ord, der aldrig må stå i notatet.",
            "Fx navne på børn i aktuelle sager (se "
            "[Persondata](#persondata-hvad-check-og-build-afviser)).",
        ),
        Field(
            "forbudte_mønstre",
            Kind.TEXTS,
            "Mønstre, der aldrig må stå i notatet.",
            "Regulære udtryk (se [Persondata](#persondata-hvad-check-og-build-afviser)).",
        ),
    ),
)

# Every set of fields, in the order the README shows them.
ALL_FIELD_SETS = (ENTRY_FIELDS, PICTURE_FIELDS, CONFIG_FIELDS, SECTION_FIELDS, MEMO_FIELDS)
