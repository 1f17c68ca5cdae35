# depesche time lexicon: German. Hand-written for depesche (own rules); month, weekday and unit
# names are checked against the dateparser vocabulary (BSD-3) by a unit test (no text copied).
# Format: CLASS <TAB-or-spaces> VALUE <spaces> FORM|FORM|...   (VALUE "-" when unused)
# Forms are matched case-insensitively on whole tokens; a form written "=Form" must match with this
# exact capitalisation (German "Morgen" = morning, "morgen" = tomorrow). Multi-word forms are allowed.
# Month and weekday names come from calendar.txt (classes `month` and `weekday`, VALUE their number).
# Month names that are also ordinary words or first names need date context.
ambiguous - mai|august|jan|jun|jul|aug|sep|sept|okt|nov|dez|feb|apr|mär|mrz
weekdays 1 montags
weekdays 2 dienstags
weekdays 3 mittwochs
weekdays 4 donnerstags
weekdays 5 freitags
weekdays 6 samstags|sonnabends
weekdays 7 sonntags
season SP frühjahr|frühling|frühjahrs|frühjahres|frühlings
season SU sommer|sommers
season FA herbst|herbstes|herbsts
season WI winter|winters
seasonpart SU:END spätsommer|spätsommers
seasonpart SU:START frühsommer|frühsommers
seasonpart FA:END spätherbst|spätherbstes
seasonpart FA:START frühherbst
seasonpart WI:START frühwinter
seasonpart SP:END spätfrühling|spätfrühjahr
unit S sekunde|sekunden|sek
unit MIN minute|minuten|min
unit H stunde|stunden|std
unit D tag|tage|tagen|tages|tags
unit W woche|wochen
unit M monat|monate|monaten|monats
unit Y jahr|jahre|jahren|jahres|jahrs
unit DE jahrzehnt|jahrzehnte|jahrzehnten|jahrzehnts|dekade|dekaden
unit CE jahrhundert|jahrhunderte|jahrhunderten|jahrhunderts
unit Q quartal|quartale|quartalen|quartals
unit HALF jahreshälfte|halbjahr|halbjahres|halbjahrs
unit WE wochenende|wochenendes
# Suffixes of adjectives like "siebentägigen", "einjährige", "zweiwöchige".
unitadj D tägig|tägige|tägigen|tägiger|tägiges|tägigem
unitadj W wöchig|wöchige|wöchigen|wöchiger|wöchiges|wöchentlich
unitadj M monatig|monatige|monatigen|monatiger|monatiges
unitadj Y jährig|jährige|jährigen|jähriger|jähriges|jährigem
unitadj H stündig|stündige|stündigen|stündiger|stündiges
# Numbers, value in tenths (so that "anderthalb" = 15).
num 10 ein|eine|einen|einem|einer|eines|eins
num 20 zwei|zweier|zwo
num 30 drei|dreier
num 40 vier
num 50 fünf
num 60 sechs
num 70 sieben|sieb
num 80 acht
num 90 neun
num 100 zehn
num 110 elf
num 120 zwölf
num 130 dreizehn
num 140 vierzehn
num 150 fünfzehn
num 160 sechzehn
num 170 siebzehn
num 180 achtzehn
num 190 neunzehn
num 200 zwanzig
num 300 dreißig
num 400 vierzig
num 500 fünfzig
num 600 sechzig
num 1000 hundert|einhundert
num 15 anderthalb|eineinhalb
num 25 zweieinhalb
num 5 halb|halbe|halben|halbes|halber
ord 1 erste|ersten|erster|erstes|first
ord 2 zweite|zweiten|zweiter|zweites
ord 3 dritte|dritten|dritter|drittes
ord 4 vierte|vierten|vierter|viertes
ord 5 fünfte|fünften
ord 6 sechste|sechsten
ord 7 siebte|siebten|siebente|siebenten
ord 8 achte|achten
ord 9 neunte|neunten
ord 10 zehnte|zehnten
ord 11 elfte|elften
ord 12 zwölfte|zwölften
ord 13 dreizehnte|dreizehnten
ord 14 vierzehnte|vierzehnten
ord 15 fünfzehnte|fünfzehnten
ord 16 sechzehnte|sechzehnten
ord 17 siebzehnte|siebzehnten
ord 18 achtzehnte|achtzehnten
ord 19 neunzehnte|neunzehnten
ord 20 zwanzigste|zwanzigsten
ord 21 einundzwanzigste|einundzwanzigsten
ord -1 letzte|letzten|letzter|letztes
vague - wenige|wenigen|weniger|einige|einigen|einiger|mehrere|mehreren|ein paar|paar|etliche|etlichen|viele|vielen|zahlreiche|zahlreichen
# Day words relative to the publication date (value = days).
deicticday 0 heute
deicticday -1 gestern
deicticday -2 vorgestern
deicticday 1 =morgen
deicticday 2 übermorgen
deicticdaypart 0:NI heute nacht
deicticdaypart 0:EV heute abend
deicticdaypart 0:MO heute morgen|heute früh
deicticdaypart -1:EV gestern abend
deicticdaypart -1:MO gestern morgen|gestern früh
deicticdaypart -1:NI gestern nacht|vergangene nacht|letzte nacht
deicticdaypart -1:AF gestern nachmittag
deicticdaypart 1:MO morgen früh
# Relative adjectives: value = offset; tag: D = relative to the publication date (deictic),
# A = relative to the last mentioned date (anaphoric).
rel -1:D vergangene|vergangenen|vergangener|vergangenes|letzte|letzten|letzter|letztes|vorige|vorigen|voriger|voriges|zurückliegenden
rel 1:D nächste|nächsten|nächster|nächstes|kommende|kommenden|kommender|kommendes
rel 0:D diese|diesen|dieser|dieses|diesem|laufende|laufenden|laufendes|aktuellen|aktuelle|heurige|heurigen|heuriger|heuriges|heurigem
rel 1:A neuen|folgende|folgenden|folgender|folgendes|darauffolgende|darauffolgenden|darauf folgenden|anschließenden|nachfolgenden
rel 0:A selbe|selben|selber|gleiche|gleichen|gleicher|gleiches|desselben|derselben|demselben|denselben
rel -1:A vorangegangenen|vorangegangene|vorherigen|vorherige|vorausgegangenen
# Compounds that are a unit and an offset.
unitrel Y:-1:D vorjahr|vorjahres|vorjahrs
# Austrian and Bavarian "heuer": this year.
unitrel Y:0:D heuer
unitrel M:-1:D vormonat|vormonats
unitrel W:-1:D vorwoche
unitrel Y:1:A folgejahr|folgejahres|folgejahrs|nachfolgejahr
unitrel D:-1:A vortag|vortages|vortags|vorabend:EV
unitrel D:1:A folgetag|folgetages|folgetags
# Post-positions after a unit: "Tag zuvor", "zwei Tage später".
after - später|danach|darauf|drauf|nachher
before - zuvor|vorher|davor|früher|eher
agopre - vor
inpre - in
nachpre - nach
since - seit|seit nunmehr
mod APPROX knapp|etwa|rund|circa|ca .|ca|zirka|ungefähr|annähernd|gut|gegen|um die|schätzungsweise
mod MORE_THAN mehr als|über|länger als|mehr denn|gut über
mod LESS_THAN weniger als|fast|beinahe|knapp unter|kaum|unter|nicht einmal
mod EQUAL_OR_MORE mindestens|wenigstens|zumindest
mod EQUAL_OR_LESS höchstens|maximal|bis zu
modadj APPROX knappe|knappen|knapper|gute|guten|guter|gutes
part START anfang|beginn|gegen anfang|zu beginn|zu anfang|früh|frühen|frühe
part MID mitte|gegen mitte|in der mitte
part END ende|gegen ende|spät|späten|späte|zum ende|am ende|schluss
yearpart START jahresanfang|jahresbeginn|jahresbeginns|jahresanfangs
yearpart MID jahresmitte
yearpart END jahresende|jahresendes|jahreswechsel|jahresschluss
daypart MO =Morgen|=Morgens|morgens|morgenstunden|vormittag|vormittags|früh am morgen|frühmorgens|morgengrauen|morgendämmerung
daypart AF nachmittag|nachmittags|nachmittagsstunden
daypart EV abend|abends|abendstunden|abendstunde
daypart NI nacht|nachts|nachtstunden|mitternacht:24
daypart MI mittag|mittags|mittagszeit
ref PRESENT_REF jetzt|gegenwärtig|derzeit|zurzeit|zur zeit|momentan|ab diesem zeitpunkt|in diesem zeitraum|heutzutage|gegenwart
ref PAST_REF kürzlich|vor kurzem|unlängst|kurz zuvor|kurz vorher|vergangenheit|seinerzeit|früher einmal
ref FUTURE_REF bald|in zukunft|demnächst|wenig später|kurz darauf|kurze zeit später|einige zeit später|binnen kurzem|in kürze|folgezeit
# Words that stand for "now" but only in narrative texts (in news "heute" is the publication day).
narrativenow PRESENT_REF heute|heutigen tag
setadv P1D täglich|tagtäglich|jeden tag|alltäglich
setadv P1W wöchentlich|allwöchentlich|jede woche|jeder woche
setadv P1M monatlich|allmonatlich|jeden monat
setadv P1Y jährlich|alljährlich|jedes jahr|jedes jahres|jahr für jahr
setadv PT1H stündlich
every - jeden|jede|jedes|jeder|alle
lang D tagelang|tagelangen|tagelange
lang W wochenlang|wochenlangen|wochenlange
lang M monatelang|monatelangen|monatelange
lang Y jahrelang|jahrelangen|jahrelange|jahrelanger
lang DE jahrzehntelang|jahrzehntelangen|jahrzehntelange
lang H stundenlang|stundenlangen|stundenlange
uhr - uhr|h
tz +01 mez|mitteleuropäischer zeit|mitteleuropäische zeit
tz +02 mesz|mitteleuropäischer sommerzeit
tz Z utc|gmt|weltzeit
bc BC v . chr .|v . chr|vor christus|v . u . z .|vor unserer zeitrechnung|v . christus
bc AD n . chr .|n . chr|nach christus
gen - des|der|dem|den|die|das
yearctx - im|in|jahr|jahre|jahres|jahren|seit|bis|von|vom|ab|anfang|mitte|ende|sommer|winter|herbst|frühjahr|frühling|um|nach|vor|zwischen|und|oder|bzw|–|-|/|(|jahreswechsel|jahresende|jahresbeginn|laufe|des|dem
laufe - laufe|lauf|verlauf|verlaufe
decadeword - jahre|jahren|jahrzehnt|jahrzehnts
decadesuffix - er
quarterprefix - q
cw - kw|kalenderwoche
holiday 12-25 weihnachten|weihnachtstag|ersten weihnachtstag|1 . weihnachtstag
holiday 12-24 heiligabend|heiligen abend
holiday 12-31 silvester|silvestertag|silvesterabend:EV|silvesternacht:NI|neujahrsnacht:NI
holiday 01-01 neujahr|neujahrstag
holiday 05-01 maifeiertag
holiday 10-03 tag der deutschen einheit
# Feasts counted from Easter Sunday (value E+days).
holiday E+0 ostern|ostersonntag|ostersonntags
holiday E-2 karfreitag
holiday E+1 ostermontag
holiday E-3 gründonnerstag
holiday E+39 christi himmelfahrt|himmelfahrt|himmelfahrtstag
holiday E+49 pfingsten|pfingstsonntag
holiday E+50 pfingstmontag
holiday E+60 fronleichnam
holiday E-48 rosenmontag
holiday E-46 aschermittwoch
# Tense: words that mark past reporting / the future around an expression.
past - brannte|brannten|geschah|geschahen|ereignete|passierte|passierten|starben|stürzte|stürzten|verunglückte|verletzte|verletzten|fuhr|fuhren|stieß|griff|griffen|nahm|nahmen|stieg|stiegen|fiel|fielen|sank|sanken|verlor|verloren|gewann|gewannen|siegte|spielte|spielten|endete|endeten|trat|traten|erhielt|erhielten|rief|riefen|brach|flog|lief|liefen|setzte|stellte|machte|konnte|konnten|musste|mussten|blieb|blieben|hielt|hielten|reiste|besuchte|empfing|unterzeichnete|unterzeichneten|einigten|beschloss|beschlossen|entschied|entschieden|meldete|meldeten|entdeckte|entdeckten|forderte|forderten|kritisierte|warnte|warnten|nannte|bestätigte|verkündete|äußerte|wies|zog|zogen|wurden|erreichte|erlitt|erlitten|war|waren|wurde|wurden|hatte|hatten|hat|haben|habe|ist|sind|sei|seien|sagte|sagten|erklärte|betonte|teilte|berichtete|kündigte|warf|gab|kam|kamen|traf|trafen|sprach|sprachen|fand|fanden|begann|begannen|starb|zeigte|gewesen|worden|geworden|hieß|ging|gingen|stand|standen|lag|lagen|führte|führten|legte|drängte|drängten|bekräftigte|hatten|telefonierten|getroffen|gesagt
future - wird|werden|werde|will|wollen|soll|sollen|plant|plante|planen|geplant|bevorstehenden|kommt|anstehenden|beginnt|stattfinden|soll
# Capitalised words after a 4-digit number that make it a count, not a year.
notyear - weitere|weiteren|km|m|kg|t|mm|cm|meter|kilometer|mann|euro|dollar|prozent|%|stück|einwohner|tonnen|millionen|mio|mrd|milliarden|tote|toten|menschen|soldaten|personen|leute
# "Nacht zu Sonntag", "Nacht auf den 5. Juli": the night that starts on the day before.
nightto - zu|zum|auf|auf den
# Modal verbs: future ("soll am Montag kommen"), unless the clause ends in a perfect
# infinitive ("soll am Montag geschossen haben": a reported past).
modal - soll|sollen|will|wollen
perfinf - haben|sein|gewesen sein|worden sein
# "vor genau einem Jahr": the exact day, not its year.
exact - genau|exakt|auf den tag genau
# "vor 150 Millionen Jahren": geological time, no calendar value.
magnitude - millionen|milliarden|tausend|tausenden|million|milliarde|mio .|mrd .
# "der 74 Jahre alte Mann": an age, not a span of time.
age - alt|alte|alten|alter|altes|altem
# Phrases with a time word that name no time.
idiom - in letzter sekunde|letzter sekunde|in letzter minute|letzter minute|aktuelle stunde|aktuellen stunde|stunde null|erste stunde|ersten stunde|zur stunde|der stunde|von heute auf morgen|tag und nacht|rund um die uhr
# "zwischen 17 und 21.30 Uhr", "von 9 bis 12 Uhr": the first hour is a clock time too.
rangefrom - zwischen|von
rangeto - und|bis|-|–
# Weak past tense by its ending ("regnete", "meldeten"); only lower-case words count
# (nouns are capitalised), and adjectives with the same ending are listed in notpast.
pastsuffix - ete|eten|ierte|ierten
notpast - geeignete|geeigneten|bewaffnete|bewaffneten|verheiratete|verheirateten|gefährdete|gefährdeten|erwartete|erwarteten|vereidigte|vereidigten|beschriftete|ausgezeichnete|ausgezeichneten|verschuldete|verschuldeten|gemeldete|gemeldeten|abgeordnete|abgeordneten|geplante|vermutete|vermuteten|bedeutende|bedeutenden
unitrel M:-12:A vorjahresmonat|vorjahresmonats
unitrel Q:-4:A vorjahresquartal|vorjahresquartals
# After these a participle says nothing of tense ("soll am Montag eröffnet werden").
passiveaux - werden
