"""The fictional demo organisation: a relief network with a central office and four country
offices, 60 releases over the last two and a half years (the newest from the last few days)
in Arabic, English, Russian and Uzbek.

Everything here is invented and neutral: wells, scholarships, winter kits, clinics.
"""

import datetime
import zoneinfo
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import transaction

from communique import calendar
from communique.newsroom import extensions, services
from communique.newsroom.models import (
    Category,
    HijriMonthOverride,
    MenuItem,
    Office,
    Organisation,
    Text,
)

DEMO_PASSWORD = "communique-demo"  # noqa: S105  # nosec B105  # the documented demo password

ORGANISATION = {
    "name": {
        "en": "Wellspring Relief Network",
        "ar": "شبكة الينابيع للإغاثة",
        "ru": "Сеть помощи «Родник»",
        "uz": "«Buloq» yordam tarmogʻi",
    },
    "default_language": "en",
    "languages": ["ar", "en", "ru", "uz"],
    "clock_time_zone": "Asia/Riyadh",
    "clock_label": {
        "en": "Makkah time",
        "ar": "بتوقيت مكة المكرمة",
        "ru": "время Мекки",
        "uz": "Makka vaqti",
    },
}

# slug, parent, time zone, number format, names, places (for the releases' texts)
OFFICES = [
    {
        "slug": "central",
        "parent": None,
        "time_zone": "Asia/Riyadh",
        "number_format": "{hyear} / {seq:02}",
        "name": {
            "en": "Central Press Office",
            "ar": "المكتب الإعلامي المركزي",
            "ru": "Центральная пресс-служба",
            "uz": "Markaziy matbuot xizmati",
        },
        "signature": {
            "en": "Central Press Office of the Wellspring Relief Network",
            "ar": "المكتب الإعلامي المركزي لشبكة الينابيع للإغاثة",
            "ru": "Центральная пресс-служба сети помощи «Родник»",
            "uz": "«Buloq» yordam tarmogʻining markaziy matbuot xizmati",
        },
        "address": "1 Fountain Square\nOasis City",
        "email": "press@wellspring.example.org",
        "phone": "+966 11 000 0000",
        "place": {"en": "the region", "ar": "المنطقة", "ru": "регионе", "uz": "mintaqada"},
    },
    {
        "slug": "uzbekistan",
        "parent": "central",
        "time_zone": "Asia/Tashkent",
        "number_format": "{hyear} / {seq:02}",
        "name": {
            "en": "Uzbekistan Office",
            "ar": "مكتب أوزبكستان",
            "ru": "Офис в Узбекистане",
            "uz": "Oʻzbekiston vakolatxonasi",
        },
        "signature": {
            "en": "Press Office of the Wellspring Relief Network in Uzbekistan",
            "ar": "المكتب الإعلامي لشبكة الينابيع للإغاثة في أوزبكستان",
            "ru": "Пресс-служба сети помощи «Родник» в Узбекистане",
            "uz": "«Buloq» yordam tarmogʻining Oʻzbekistondagi matbuot xizmati",
        },
        "address": "7 Orchard Lane\nSamarkand",
        "email": "uz.press@wellspring.example.org",
        "phone": "+998 66 000 00 00",
        "place": {"en": "Samarkand", "ar": "سمرقند", "ru": "Самарканде", "uz": "Samarqandda"},
    },
    {
        "slug": "kyrgyzstan",
        "parent": "central",
        "time_zone": "Asia/Bishkek",
        "number_format": "{seq:02}/{hyear2}",
        "name": {
            "en": "Kyrgyzstan Office",
            "ar": "مكتب قيرغيزستان",
            "ru": "Офис в Кыргызстане",
            "uz": "Qirgʻiziston vakolatxonasi",
        },
        "signature": {
            "en": "Press Office of the Wellspring Relief Network in Kyrgyzstan",
            "ar": "المكتب الإعلامي لشبكة الينابيع للإغاثة في قيرغيزستان",
            "ru": "Пресс-служба сети помощи «Родник» в Кыргызстане",
            "uz": "«Buloq» yordam tarmogʻining Qirgʻizistondagi matbuot xizmati",
        },
        "address": "22 Mountain Road\nOsh",
        "email": "kg.press@wellspring.example.org",
        "phone": "+996 3222 00000",
        "place": {"en": "Osh", "ar": "أوش", "ru": "Оше", "uz": "Oʻshda"},
    },
    {
        "slug": "kazakhstan",
        "parent": "central",
        "time_zone": "Asia/Almaty",
        "number_format": "{hyear} / {seq:02}",
        "name": {
            "en": "Kazakhstan Office",
            "ar": "مكتب كازاخستان",
            "ru": "Офис в Казахстане",
            "uz": "Qozogʻiston vakolatxonasi",
        },
        "signature": {
            "en": "Press Office of the Wellspring Relief Network in Kazakhstan",
            "ar": "المكتب الإعلامي لشبكة الينابيع للإغاثة في كازاخستان",
            "ru": "Пресс-служба сети помощи «Родник» в Казахстане",
            "uz": "«Buloq» yordam tarmogʻining Qozogʻistondagi matbuot xizmati",
        },
        "address": "5 Steppe Avenue\nShymkent",
        "email": "kz.press@wellspring.example.org",
        "phone": "+7 7252 00 00 00",
        "place": {"en": "Shymkent", "ar": "شيمكنت", "ru": "Шымкенте", "uz": "Chimkentda"},
    },
    {
        "slug": "tajikistan",
        "parent": "central",
        "time_zone": "Asia/Dushanbe",
        "number_format": "{hyear}/{seq:03}",
        "name": {
            "en": "Tajikistan Office",
            "ar": "مكتب طاجيكستان",
            "ru": "Офис в Таджикистане",
            "uz": "Tojikiston vakolatxonasi",
        },
        "signature": {
            "en": "Press Office of the Wellspring Relief Network in Tajikistan",
            "ar": "المكتب الإعلامي لشبكة الينابيع للإغاثة في طاجيكستان",
            "ru": "Пресс-служба сети помощи «Родник» в Таджикистане",
            "uz": "«Buloq» yordam tarmogʻining Tojikistondagi matbuot xizmati",
        },
        "address": "3 River Street\nKhujand",
        "email": "tj.press@wellspring.example.org",
        "phone": "+992 3422 0 00 00",
        "place": {"en": "Khujand", "ar": "خجند", "ru": "Худжанде", "uz": "Xoʻjandda"},
    },
]

# A country office that follows local moon sighting records when its months began.
OVERRIDES = [("uzbekistan", 1447, 9, datetime.date(2026, 2, 19), "Local sighting (demo record)")]

CATEGORIES = [
    (
        "central-asia",
        None,
        "region",
        {
            "en": "Central Asia",
            "ar": "آسيا الوسطى",
            "ru": "Центральная Азия",
            "uz": "Markaziy Osiyo",
        },
    ),
    (
        "uzbekistan",
        "central-asia",
        "region",
        {"en": "Uzbekistan", "ar": "أوزبكستان", "ru": "Узбекистан", "uz": "Oʻzbekiston"},
    ),
    (
        "kyrgyzstan",
        "central-asia",
        "region",
        {"en": "Kyrgyzstan", "ar": "قيرغيزستان", "ru": "Кыргызстан", "uz": "Qirgʻiziston"},
    ),
    (
        "kazakhstan",
        "central-asia",
        "region",
        {"en": "Kazakhstan", "ar": "كازاخستان", "ru": "Казахстан", "uz": "Qozogʻiston"},
    ),
    (
        "tajikistan",
        "central-asia",
        "region",
        {"en": "Tajikistan", "ar": "طاجيكستان", "ru": "Таджикистан", "uz": "Tojikiston"},
    ),
    (
        "water",
        None,
        "topic",
        {
            "en": "Water projects",
            "ar": "مشاريع المياه",
            "ru": "Водные проекты",
            "uz": "Suv loyihalari",
        },
    ),
    (
        "scholarships",
        None,
        "topic",
        {"en": "Scholarships", "ar": "المنح الدراسية", "ru": "Стипендии", "uz": "Stipendiyalar"},
    ),
    (
        "winter-relief",
        None,
        "topic",
        {
            "en": "Winter relief",
            "ar": "الإغاثة الشتوية",
            "ru": "Зимняя помощь",
            "uz": "Qishki yordam",
        },
    ),
    ("health", None, "topic", {"en": "Health", "ar": "الصحة", "ru": "Здоровье", "uz": "Sogʻliq"}),
    (
        "volunteers",
        None,
        "topic",
        {"en": "Volunteers", "ar": "المتطوعون", "ru": "Волонтёры", "uz": "Koʻngillilar"},
    ),
]

# topic, kind, then title and body per language; {place} and {n} are filled in per release.
STORIES = [
    (
        "water",
        "press-release",
        {
            "en": (
                "New well brings clean water to {n} families in {place}",
                "A new well in {place} now gives {n} families clean water within a short walk of their homes.\n\n"
                "The village elder welcomed the project with the words «الماء أساس الحياة» (“water is the basis of life”).\n\n"
                "- Depth: 80 metres\n- Pump: solar powered\n- Maintenance: trained local volunteers",
            ),
            "ar": (
                "بئر جديدة توفر المياه النظيفة لـ {n} أسرة في {place}",
                "توفر بئر جديدة في {place} المياه النظيفة لـ {n} أسرة على مسافة قريبة من منازلها.\n\n"
                "وقال أحد المتطوعين: «الماء أساس الحياة».\n\n"
                "- العمق: ٨٠ مترًا\n- المضخة: تعمل بالطاقة الشمسية\n- الصيانة: متطوعون محليون مدربون",
            ),
            "ru": (
                "Новый колодец обеспечил чистой водой {n} семей в {place}",
                "Новый колодец в {place} обеспечивает чистой водой {n} семей рядом с их домами.\n\n"
                "Старейшина деревни приветствовал проект словами «الماء أساس الحياة» («вода — основа жизни»).\n\n"
                "- Глубина: 80 метров\n- Насос: на солнечной энергии\n- Обслуживание: обученные местные волонтёры",
            ),
            "uz": (
                "{place} yangi quduq {n} oilani toza suv bilan taʼminladi",
                "{place} qurilgan yangi quduq {n} oilani uylari yaqinida toza suv bilan taʼminlaydi.\n\n"
                "Qishloq oqsoqoli loyihani «الماء أساس الحياة» («suv — hayot asosi») soʻzlari bilan kutib oldi.\n\n"
                "- Chuqurligi: 80 metr\n- Nasos: quyosh energiyasida\n- Xizmat: oʻqitilgan mahalliy koʻngillilar",
            ),
        },
    ),
    (
        "scholarships",
        "announcement",
        {
            "en": (
                "Scholarship programme admits {n} students in {place}",
                "The network's scholarship programme has admitted {n} students in {place} for the new academic year.\n\n"
                "Scholarships cover tuition, books and transport. Applications for the next round open in spring.",
            ),
            "ar": (
                "برنامج المنح الدراسية يقبل {n} طالبًا في {place}",
                "قبل برنامج المنح الدراسية التابع للشبكة {n} طالبًا في {place} للعام الدراسي الجديد.\n\n"
                "تغطي المنح الرسوم الدراسية والكتب والمواصلات، ويفتح باب التقديم للدورة القادمة في الربيع.",
            ),
            "ru": (
                "Стипендиальная программа приняла {n} студентов в {place}",
                "Стипендиальная программа сети приняла {n} студентов в {place} на новый учебный год.\n\n"
                "Стипендии покрывают обучение, книги и проезд. Приём заявок на следующий набор откроется весной.",
            ),
            "uz": (
                "Stipendiya dasturi {place} {n} talabani qabul qildi",
                "Tarmoqning stipendiya dasturi {place} yangi oʻquv yili uchun {n} talabani qabul qildi.\n\n"
                "Stipendiyalar oʻqish, kitoblar va yoʻl xarajatlarini qoplaydi. Keyingi bosqichga arizalar bahorda qabul qilinadi.",
            ),
        },
    ),
    (
        "winter-relief",
        "news",
        {
            "en": (
                "Winter kits reach {n} households in {place}",
                "Volunteers delivered {n} winter kits in {place} this week: blankets, warm clothing and heaters.\n\n"
                "Deliveries continue until the end of the cold season.",
            ),
            "ar": (
                "وصول الحقائب الشتوية إلى {n} أسرة في {place}",
                "وزع المتطوعون هذا الأسبوع {n} حقيبة شتوية في {place} تضم بطانيات وملابس دافئة ومدافئ.\n\n"
                "ويستمر التوزيع حتى نهاية موسم البرد.",
            ),
            "ru": (
                "Зимние наборы получили {n} семей в {place}",
                "На этой неделе волонтёры доставили {n} зимних наборов в {place}: одеяла, тёплую одежду и обогреватели.\n\n"
                "Доставка продолжится до конца холодного сезона.",
            ),
            "uz": (
                "{place} {n} xonadonga qishki toʻplamlar yetkazildi",
                "Koʻngillilar bu hafta {place} {n} ta qishki toʻplam tarqatdi: adyollar, issiq kiyimlar va isitgichlar.\n\n"
                "Tarqatish sovuq mavsum oxirigacha davom etadi.",
            ),
        },
    ),
    (
        "health",
        "statement",
        {
            "en": (
                "Mobile clinic completes {n} check-ups in {place}",
                "The network's mobile clinic completed {n} free health check-ups in {place}.\n\n"
                "Patients who need further care have been referred to partner hospitals.",
            ),
            "ar": (
                "العيادة المتنقلة تجري {n} فحصًا طبيًا في {place}",
                "أجرت العيادة المتنقلة التابعة للشبكة {n} فحصًا طبيًا مجانيًا في {place}.\n\n"
                "وأُحيل من يحتاجون إلى رعاية إضافية إلى المستشفيات الشريكة.",
            ),
            "ru": (
                "Мобильная клиника провела {n} осмотров в {place}",
                "Мобильная клиника сети провела {n} бесплатных медицинских осмотров в {place}.\n\n"
                "Пациенты, которым нужна дальнейшая помощь, направлены в партнёрские больницы.",
            ),
            "uz": (
                "Koʻchma klinika {place} {n} ta tibbiy koʻrik oʻtkazdi",
                "Tarmoqning koʻchma klinikasi {place} {n} ta bepul tibbiy koʻrik oʻtkazdi.\n\n"
                "Qoʻshimcha yordamga muhtoj bemorlar hamkor shifoxonalarga yoʻllandi.",
            ),
        },
    ),
    (
        "volunteers",
        "news",
        {
            "en": (
                "{n} new volunteers trained in {place}",
                "{n} new volunteers completed first-aid and logistics training in {place}.\n\n"
                "They will support water, health and winter projects across the region.",
            ),
            "ar": (
                "تدريب {n} متطوعًا جديدًا في {place}",
                "أكمل {n} متطوعًا جديدًا تدريبًا على الإسعافات الأولية والخدمات اللوجستية في {place}.\n\n"
                "وسيدعمون مشاريع المياه والصحة والشتاء في أنحاء المنطقة.",
            ),
            "ru": (
                "{n} новых волонтёров прошли обучение в {place}",
                "{n} новых волонтёров прошли курс первой помощи и логистики в {place}.\n\n"
                "Они будут помогать в водных, медицинских и зимних проектах по всему региону.",
            ),
            "uz": (
                "{place} {n} nafar yangi koʻngilli tayyorlandi",
                "{place} {n} nafar yangi koʻngilli birinchi yordam va logistika kursini tamomladi.\n\n"
                "Ular butun mintaqada suv, sogʻliq va qishki loyihalarda yordam beradi.",
            ),
        },
    ),
    (
        "water",
        "press-release",
        {
            "en": (
                "Solar pumps installed at {n} village wells in {place}",
                "Solar-powered pumps now lift water at {n} village wells in {place}, replacing hand pumps that often broke down.\n\n"
                "Local volunteers have been trained to keep the panels clean and the pumps running.",
            ),
            "ar": (
                "تركيب مضخات شمسية في {n} بئرًا قرويًا في {place}",
                "باتت مضخات تعمل بالطاقة الشمسية ترفع المياه من {n} بئرًا في قرى {place} بدلًا من المضخات اليدوية التي كانت تتعطل كثيرًا.\n\n"
                "وتلقى متطوعون محليون تدريبًا على تنظيف الألواح وصيانة المضخات.",
            ),
            "ru": (
                "На {n} сельских колодцах в {place} установлены солнечные насосы",
                "Насосы на солнечной энергии теперь поднимают воду на {n} сельских колодцах в {place} вместо часто ломавшихся ручных насосов.\n\n"
                "Местные волонтёры обучены чистить панели и обслуживать насосы.",
            ),
            "uz": (
                "{place} {n} ta qishloq qudugʻiga quyosh nasoslari oʻrnatildi",
                "{place} {n} ta qishloq qudugʻida tez-tez buziladigan qoʻl nasoslari oʻrniga quyosh energiyasida ishlaydigan nasoslar oʻrnatildi.\n\n"
                "Mahalliy koʻngillilar panellarni tozalash va nasoslarga xizmat koʻrsatishga oʻrgatildi.",
            ),
        },
    ),
    (
        "scholarships",
        "announcement",
        {
            "en": (
                "Scholarship students in {place} gain a library of {n} textbooks",
                "A new reading room in {place} lends {n} textbooks to the network's scholarship students.\n\n"
                "It is open every weekday afternoon and on Saturday mornings.",
            ),
            "ar": (
                "مكتبة من {n} كتابًا دراسيًا لطلاب المنح في {place}",
                "تعير قاعة مطالعة جديدة في {place} {n} كتابًا دراسيًا لطلاب المنح التابعين للشبكة.\n\n"
                "وتفتح أبوابها بعد ظهر كل يوم عمل وصباح السبت.",
            ),
            "ru": (
                "Стипендиаты в {place} получили библиотеку из {n} учебников",
                "Новый читальный зал в {place} выдаёт стипендиатам сети {n} учебников.\n\n"
                "Он открыт по будням во второй половине дня и по субботам утром.",
            ),
            "uz": (
                "{place} stipendiatlar uchun {n} ta darslikdan iborat kutubxona ochildi",
                "{place} ochilgan yangi oʻquv zali tarmoq stipendiatlariga {n} ta darslikni berib turadi.\n\n"
                "U ish kunlari tushdan keyin va shanba kunlari ertalab ochiq.",
            ),
        },
    ),
    (
        "winter-relief",
        "news",
        {
            "en": (
                "Warm clothing for children reaches {n} families in {place}",
                "Volunteers handed out coats, boots and hats for children to {n} families in {place}.\n\n"
                "Sizes were matched in advance with the help of local schools.",
            ),
            "ar": (
                "ملابس دافئة للأطفال تصل إلى {n} أسرة في {place}",
                "وزع المتطوعون معاطف وأحذية وقبعات للأطفال على {n} أسرة في {place}.\n\n"
                "وحُددت المقاسات مسبقًا بمساعدة المدارس المحلية.",
            ),
            "ru": (
                "Тёплую детскую одежду получили {n} семей в {place}",
                "Волонтёры раздали детские куртки, сапоги и шапки {n} семьям в {place}.\n\n"
                "Размеры заранее уточнили с помощью местных школ.",
            ),
            "uz": (
                "{place} {n} oilaga bolalar uchun issiq kiyim yetkazildi",
                "Koʻngillilar {place} {n} oilaga bolalar uchun kurtka, etik va shapkalar tarqatdi.\n\n"
                "Oʻlchamlar mahalliy maktablar yordamida oldindan aniqlandi.",
            ),
        },
    ),
    (
        "health",
        "statement",
        {
            "en": (
                "Eye screening day examines {n} children in {place}",
                "Optometrists volunteering with the network examined the eyesight of {n} schoolchildren in {place}.\n\n"
                "Children who need glasses will receive them free of charge within a month.",
            ),
            "ar": (
                "يوم لفحص النظر يشمل {n} طفلًا في {place}",
                "فحص أخصائيو بصريات متطوعون مع الشبكة نظر {n} تلميذًا في {place}.\n\n"
                "وسيحصل الأطفال الذين يحتاجون إلى نظارات عليها مجانًا خلال شهر.",
            ),
            "ru": (
                "В день проверки зрения в {place} осмотрены {n} детей",
                "Оптометристы-волонтёры сети проверили зрение {n} школьников в {place}.\n\n"
                "Дети, которым нужны очки, бесплатно получат их в течение месяца.",
            ),
            "uz": (
                "{place} koʻrish qobiliyatini tekshirish kunida {n} nafar bola koʻrikdan oʻtdi",
                "Tarmoq bilan ishlovchi koʻngilli optometristlar {place} {n} nafar maktab oʻquvchisining koʻzini tekshirdi.\n\n"
                "Koʻzoynak kerak boʻlgan bolalar uni bir oy ichida bepul oladi.",
            ),
        },
    ),
    (
        "volunteers",
        "news",
        {
            "en": (
                "Volunteers plant {n} trees along school paths in {place}",
                "Volunteers and pupils planted {n} shade trees along the paths to three schools in {place}.\n\n"
                "Each class has adopted a row of trees to water through the summer.",
            ),
            "ar": (
                "متطوعون يزرعون {n} شجرة على طرق المدارس في {place}",
                "زرع متطوعون وتلاميذ {n} شجرة ظليلة على الطرق المؤدية إلى ثلاث مدارس في {place}.\n\n"
                "وتبنى كل صف صفًا من الأشجار ليسقيه طوال الصيف.",
            ),
            "ru": (
                "Волонтёры высадили {n} деревьев вдоль дорог к школам в {place}",
                "Волонтёры и ученики высадили {n} деревьев вдоль дорог к трём школам в {place}.\n\n"
                "Каждый класс взял шефство над рядом деревьев и будет поливать их всё лето.",
            ),
            "uz": (
                "{place} koʻngillilar maktab yoʻllari boʻylab {n} tup daraxt ekdi",
                "{place} koʻngillilar va oʻquvchilar uchta maktabga olib boruvchi yoʻllar boʻylab {n} tup soyali daraxt ekdi.\n\n"
                "Har bir sinf yoz davomida sugʻorish uchun bir qator daraxtni oʻz zimmasiga oldi.",
            ),
        },
    ),
    (
        "water",
        "news",
        {
            "en": (
                "Water filters handed out to {n} households in {place}",
                "{n} households in {place} received ceramic water filters and a short course in using them.\n\n"
                "Volunteers will visit again in three months to replace worn parts.",
            ),
            "ar": (
                "توزيع مرشحات مياه على {n} أسرة في {place}",
                "تسلمت {n} أسرة في {place} مرشحات مياه خزفية مع دورة قصيرة في استخدامها.\n\n"
                "وسيعود المتطوعون بعد ثلاثة أشهر لاستبدال القطع البالية.",
            ),
            "ru": (
                "Фильтры для воды получили {n} семей в {place}",
                "{n} семей в {place} получили керамические фильтры для воды и короткий инструктаж по их использованию.\n\n"
                "Через три месяца волонтёры вернутся, чтобы заменить изношенные детали.",
            ),
            "uz": (
                "{place} {n} xonadonga suv filtrlari tarqatildi",
                "{place} {n} xonadon sopol suv filtrlari va ulardan foydalanish boʻyicha qisqa mashgʻulot oldi.\n\n"
                "Koʻngillilar eskirgan qismlarni almashtirish uchun uch oydan keyin yana kelishadi.",
            ),
        },
    ),
    (
        "health",
        "press-release",
        {
            "en": (
                "First-aid course certifies {n} teachers in {place}",
                "{n} teachers in {place} completed the network's first-aid course and received certificates.\n\n"
                "Every school taking part also received a fully stocked first-aid kit.",
            ),
            "ar": (
                "دورة إسعافات أولية تمنح الشهادة لـ {n} معلمًا في {place}",
                "أكمل {n} معلمًا في {place} دورة الإسعافات الأولية التي تنظمها الشبكة وحصلوا على شهادات.\n\n"
                "كما تسلمت كل مدرسة مشاركة حقيبة إسعافات أولية كاملة.",
            ),
            "ru": (
                "Курс первой помощи в {place} окончили {n} учителей",
                "{n} учителей в {place} окончили курс первой помощи сети и получили сертификаты.\n\n"
                "Каждая школа-участница также получила полностью укомплектованную аптечку.",
            ),
            "uz": (
                "{place} {n} nafar oʻqituvchi birinchi yordam kursini tamomladi",
                "{place} {n} nafar oʻqituvchi tarmoqning birinchi yordam kursini tamomlab, sertifikat oldi.\n\n"
                "Qatnashgan har bir maktabga toʻliq jihozlangan dori qutisi ham berildi.",
            ),
        },
    ),
]

ORIGINAL_LANGUAGE = {
    "central": "en",
    "uzbekistan": "uz",
    "kyrgyzstan": "ru",
    "kazakhstan": "ru",
    "tajikistan": "en",
}
RELEASES = 60  # each office tells each of the twelve stories once
RECENT_DAYS = 8  # the newest releases come one a day, ending today...
STEP_DAYS = 18  # ...the older ones every 18 days: some 2.6 Hijri years in all


def days_before_today(index: int) -> int:
    """How many days before the day the demo is loaded release `index` is issued."""
    age = RELEASES - 1 - index
    return age if age < RECENT_DAYS else RECENT_DAYS + (age - RECENT_DAYS) * STEP_DAYS


def sentence_case(title: str) -> str:
    """A title starts with a capital where its script has them (`mintaqada` -> `Mintaqada`)."""
    return title[:1].upper() + title[1:]


def load_demo(
    *, progress: Callable[[str], None] = lambda message: None, today: datetime.date | None = None
) -> dict[str, int]:
    """Create or refresh the demo organisation; safe to run any number of times.

    Its newest releases are from the last few days before `today` (the organisation's
    today by default), so a freshly loaded demo never looks months old; its shape (which
    office tells which story, which translations are missing) is the same on any day.
    """
    with transaction.atomic():
        organisation = Organisation(pk=1, **ORGANISATION)
        organisation.save()
        offices = _offices()
        categories = _categories()
        _menus(offices, categories)
        progress(f"Organisation, {len(offices)} offices and {len(categories)} categories ready.")
    today = today or calendar.today(organisation.clock_time_zone)
    created = _releases(offices, categories, progress, today)
    _demo_admin()
    # Apps above the newsroom add their own demo data (the editorial app: staff accounts).
    extensions.demo_loaded.send(sender=None, progress=progress)
    return {"offices": len(offices), "categories": len(categories), "releases_created": created}


def _offices() -> dict[str, Office]:
    offices: dict[str, Office] = {}
    for position, spec in enumerate(OFFICES):
        office, _created = Office.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "parent": offices.get(spec["parent"]),
                "name": spec["name"],
                "signature": spec["signature"],
                "address": spec["address"],
                "email": spec["email"],
                "phone": spec["phone"],
                "website": "https://wellspring.example.org/",
                "time_zone": spec["time_zone"],
                "number_format": spec["number_format"],
                "position": position,
            },
        )
        offices[office.slug] = office
    for slug, year, month, starts_on, note in OVERRIDES:
        HijriMonthOverride.objects.update_or_create(
            office=offices[slug],
            hijri_year=year,
            hijri_month=month,
            defaults={"starts_on": starts_on, "note": note},
        )
    return {
        slug: Office.objects.prefetch_related("month_overrides").get(pk=office.pk)
        for slug, office in offices.items()
    }


def _categories() -> dict[str, Category]:
    categories: dict[str, Category] = {}
    for position, (slug, parent, kind, name) in enumerate(CATEGORIES):
        category, _created = Category.objects.update_or_create(
            slug=slug,
            defaults={
                "parent": categories.get(parent),
                "kind": kind,
                "name": name,
                "position": position,
            },
        )
        categories[slug] = category
    return categories


def _menus(offices, categories) -> None:
    if MenuItem.objects.exists():
        return
    main = [
        {
            "kind": MenuItem.Kind.HOME,
            "title": {"en": "Home", "ar": "الرئيسية", "ru": "Главная", "uz": "Bosh sahifa"},
        },
        {
            "kind": MenuItem.Kind.OFFICES,
            "title": {"en": "Offices", "ar": "المكاتب", "ru": "Офисы", "uz": "Vakolatxonalar"},
        },
        *(
            {"kind": MenuItem.Kind.CATEGORY, "category": category, "title": category.name}
            for category in (
                categories["water"],
                categories["scholarships"],
                categories["central-asia"],
            )
        ),
    ]
    footer = [
        {
            "kind": MenuItem.Kind.OFFICE,
            "office": offices["central"],
            "title": offices["central"].name,
        },
        {
            "kind": MenuItem.Kind.ADDRESS,
            "url": "/admin/",
            "title": {
                "en": "Staff sign-in",
                "ar": "دخول الموظفين",
                "ru": "Вход для сотрудников",
                "uz": "Xodimlar uchun kirish",
            },
        },
    ]
    for menu, items in (("main", main), ("footer", footer)):
        for position, item in enumerate(items):
            MenuItem.objects.create(menu=menu, position=position, **item)


def _story_of(index: int) -> tuple:
    """Release `index`'s story: office and story change together, so every office tells
    every story once and no two titles differ only in a number."""
    return STORIES[(index // len(OFFICES) + index % len(OFFICES)) % len(STORIES)]


def _story(index: int, language: str) -> tuple[str, str]:
    """Release `index`'s title and body in a language."""
    spec = OFFICES[index % len(OFFICES)]
    texts = _story_of(index)[2]
    count = 40 + (index * 37) % 400
    title, body = (part.format(place=spec["place"][language], n=count) for part in texts[language])
    return sentence_case(title), sentence_case(body)


def _releases(offices, categories, progress, today: datetime.date) -> int:
    slugs = [spec["slug"] for spec in OFFICES]
    created = 0
    for index in range(RELEASES):
        office = offices[slugs[index % len(slugs)]]
        topic, kind, _texts = _story_of(index)
        issue_date = today - datetime.timedelta(days=days_before_today(index))
        original = ORIGINAL_LANGUAGE[office.slug]
        title, body = _story(index, original)
        if Text.objects.filter(release__office=office, is_original=True, title=title).exists():
            continue
        with transaction.atomic():
            release = services.release_create(
                office=office,
                issue_date=issue_date,
                language=original,
                title=title,
                body=body,
                kind=kind,
                categories=[
                    categories[topic],
                    categories.get(office.slug) or categories["central-asia"],
                ],
            )
            for language in ("ar", "en", "ru", "uz"):
                # Some translations are still missing, as in any real newsroom.
                if (
                    language == original
                    or (index % 5 == 4 and language == "uz")
                    or (index % 7 == 6 and language == "ar")
                ):
                    continue
                title, body = _story(index, language)
                services.text_create(release=release, language=language, title=title, body=body)
            # The newest two stay drafts, to show the admin's unnumbered state.
            if index < RELEASES - 2:
                published_at = datetime.datetime.combine(
                    issue_date, datetime.time(10, 0), zoneinfo.ZoneInfo(office.time_zone)
                )
                for text in release.texts.all():
                    services.text_publish(text, at=published_at)
        created += 1
        if created % 10 == 0:
            progress(f"{created} releases created…")
    return created


def _demo_admin() -> None:
    """The demo's staff account (never created outside `communique demo`)."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username="admin",
        defaults={"is_staff": True, "is_superuser": True, "email": "admin@example.org"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
