# depesche time lexicon: English. Hand-written for depesche (own rules); month, weekday and unit
# names are checked against the dateparser vocabulary (BSD-3) by a unit test (no text copied).
# Format as in ../de/time.lex; month and weekday names come from calendar.txt.
ambiguous - may|march|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec
weekdays 1 mondays
weekdays 2 tuesdays
weekdays 3 wednesdays
weekdays 4 thursdays
weekdays 5 fridays
weekdays 6 saturdays
weekdays 7 sundays
season SP spring|springtime
season SU summer|summertime
season FA autumn|fall
season WI winter|wintertime
unit S seconds|sec|secs
unit MIN minute|minutes|min|mins
unit H hour|hours|hr|hrs
unit D day|days
unit W week|weeks|fortnight:2
unit M month|months
unit Y year|years
unit DE decade|decades
unit CE century|centuries
unit Q quarter|quarters
unit HALF half
unit WE weekend|weekends
num 10 a|an|one
num 20 two
num 30 three
num 40 four
num 50 five
num 60 six
num 70 seven
num 80 eight
num 90 nine
num 100 ten
num 110 eleven
num 120 twelve
num 130 thirteen
num 140 fourteen
num 150 fifteen
num 160 sixteen
num 170 seventeen
num 180 eighteen
num 190 nineteen
num 200 twenty
num 300 thirty
num 400 forty
num 500 fifty
num 600 sixty
num 1000 hundred|a hundred|one hundred
num 15 one and a half
num 5 half a|half an
ord 1 first
ord 2 second
ord 3 third
ord 4 fourth
ord 5 fifth
ord 6 sixth
ord 7 seventh
ord 8 eighth
ord 9 ninth
ord 10 tenth
ord 11 eleventh
ord 12 twelfth
ord 13 thirteenth
ord 14 fourteenth
ord 15 fifteenth
ord 16 sixteenth
ord 17 seventeenth
ord 18 eighteenth
ord 19 nineteenth
ord 20 twentieth
ord 21 twenty-first
ord -1 last
vague - few|a few|several|some|many|a couple of|couple of
deicticday 0 today
deicticday -1 yesterday
deicticday -2 day before yesterday|the day before yesterday
deicticday 1 tomorrow
deicticday 2 day after tomorrow|the day after tomorrow
deicticdaypart 0:NI tonight|this night
deicticdaypart 0:EV this evening
deicticdaypart 0:MO this morning
deicticdaypart 0:AF this afternoon
deicticdaypart -1:NI last night|yesterday night
deicticdaypart -1:EV yesterday evening
deicticdaypart -1:MO yesterday morning
deicticdaypart -1:AF yesterday afternoon
deicticdaypart 1:MO tomorrow morning
deicticdaypart 1:EV tomorrow evening
rel -1:D last|past|previous|the last|the past
rel 1:D next|coming|the coming|upcoming
rel 0:D this|the current|current
rel 1:A following|the following|the next|subsequent|the subsequent
rel 0:A same|the same|that
rel -1:A preceding|the preceding|the previous|the prior|prior
after - later|afterwards|afterward|after|thereafter
before - earlier|before|previously|prior
agopost - ago|back
inpre - in
nachpre - after
since - since|for
mod APPROX about|around|roughly|approximately|some|nearly|almost|close to|just under|circa|c .|ca .|an estimated|around the|just over
mod MORE_THAN more than|over|longer than|upwards of
mod LESS_THAN less than|under|fewer than|not even
mod EQUAL_OR_MORE at least
mod EQUAL_OR_LESS at most|up to|no more than
modadj APPROX good|full
part START early|the beginning of|beginning of|the start of|start of|the early|at the beginning of|at the start of
part MID mid|middle of|the middle of|mid -|in the middle of
part END late|end of|the end of|the late|at the end of|towards the end of|toward the end of
yearpart START the beginning of the year|the start of the year|the new year
yearpart MID midyear|mid - year|the middle of the year
yearpart END year - end|the end of the year|year end|the year - end|the turn of the year
daypart MO morning|mornings
daypart AF afternoon|afternoons
daypart EV evening|evenings
daypart NI night|nights|overnight|midnight:24
daypart MI noon|midday|lunchtime
ref PRESENT_REF now|currently|at present|presently|at the moment|nowadays|these days|to date|at this point|at that point
ref PAST_REF recently|lately|formerly|previously|in the past|once|so far
ref FUTURE_REF soon|in the future|shortly|in the coming days|in the coming weeks|in the coming months|in the coming years|shortly after|soon after|shortly afterwards|not long after
narrativenow PRESENT_REF today|present - day|present day
setadv P1D daily|every day|each day
setadv P1W weekly|every week|each week
setadv P1M monthly|every month|each month
setadv P1Y annually|yearly|every year|each year|annual
setadv PT1H hourly|every hour
every - every|each
lang D for days
lang W for weeks
lang M for months
lang Y for years
lang DE for decades
uhr - o ' clock|o’clock|o ’ clock|h
ampm 0 a . m .|a . m|am
ampm 12 p . m .|p . m|pm
tz Z utc|gmt
tz -05 est|et
tz -04 edt
bc BC bc|b . c .|bce|b . c . e .
bc AD ad|a . d .|ce
gen - of|the|of the
yearctx - in|of|since|until|till|by|from|to|and|or|early|mid|late|during|year|the|summer|winter|spring|autumn|fall|before|after|–|-|/|(|between|through|around|circa
laufe - during|in the course of|course of|over the course of|throughout
decadesuffix - s|'s|’s
quarterprefix - q
cw - calendar week|cw
holiday 12-25 christmas|christmas day
holiday 12-24 christmas eve
holiday 12-31 new year's eve|new year ' s eve|new year’s eve|new year ’ s eve
holiday 01-01 new year's day|new year ' s day|new year ’ s day
holiday 07-04 independence day|fourth of july|the fourth of july
# Feasts counted from Easter Sunday (value E+days).
holiday E+0 easter|easter sunday
holiday E-2 good friday
holiday E+1 easter monday
holiday E+49 pentecost|whitsun|whit sunday
past - was|were|had|did|said|told|met|spoke|took|came|went|made|gave|announced|reported|added|held|called|began|died|killed|attacked|launched|signed|visited|been|stated|warned|urged|agreed|arrived|left|claimed|sent|struck|hit|fired
future - will|would|shall|'ll|going|plans|planned|scheduled|expected|upcoming|due|set
notyear - more|fewer|additional|other|extra|new|people|soldiers|troops|men|women|children|dead|deaths|km|miles|meters|feet|tons|dollars|euros|units|cases|votes|workers|residents|members
# "will … on Monday" is the coming Monday; "is said to have … on Monday" a reported past.
modal - will|would|shall
perfinf - have
# Regular past tense: "attacked", "happened" (words listed in notpast are not verbs in the past).
pastsuffix - ed
notpast - need|needed|indeed|hundred|united|red|bed|speed|feed|seed|exceed|proceed|succeed|expected|scheduled|planned|based|related|limited|detailed|advanced|armed|fixed|mixed|ed
exact - exactly|precisely|to the day
magnitude - million|millions|billion|billions|thousand|thousands
age - old
idiom - at the end of the day|in the nick of time|at the last minute|around the clock|day and night|the hour|of the hour|day one
rangefrom - between|from
rangeto - and|to|-|–
# "over the past week", "for the last year": a span up to now (a duration), not a calendar unit.
spanpre - over|for|throughout|during
# "will be closed on Thursday": after these a participle says nothing of tense.
passiveaux - be|being|been|get|gets
